package io.medmaas.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop load from Debian's {@code wrk} (one thread, a Lua script that posts one body with one
 * bearer token): about a tenth of a millisecond of CPU per request, a fraction of what a JVM load
 * generator takes from the same two cores. Its own CPU is read from the shell that waited for it
 * ({@code cutime + cstime}).
 */
final class Wrk {

  /** What one run of wrk reports. */
  record Result(
      long requests,
      double seconds,
      double throughput,
      double p50Millis,
      double p99Millis,
      long failures,
      double cpuMillis) {}

  private static final Pattern REQUESTS =
      Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m)");
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s+(50|99)\\.?0*%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final String SCRIPT =
      """
      local function read(name)
        local f = assert(io.open(name, "rb")); local s = f:read("*a"); f:close(); return s
      end
      wrk.method = "POST"
      wrk.body = read("%s")
      wrk.headers["Content-Type"] = "application/json"
      wrk.headers["%s"] = "%s" .. read("%s")
      """;

  private final Path dir;

  Wrk(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** POSTs {@code body} to {@code url} with {@code connections} connections for {@code length}. */
  Result post(String url, String body, String bearer, int connections, Duration length)
      throws IOException, InterruptedException {
    return post(url, body, "Authorization", "Bearer ", bearer, connections, length);
  }

  /** As above, with a partner's API key in {@code X-API-Key} instead of a bearer token. */
  Result postWithKey(String url, String body, String apiKey, int connections, Duration length)
      throws IOException, InterruptedException {
    return post(url, body, "X-API-Key", "", apiKey, connections, length);
  }

  private Result post(
      String url,
      String body,
      String header,
      String prefix,
      String credential,
      int connections,
      Duration length)
      throws IOException, InterruptedException {
    Path bodyFile = dir.resolve("body.json");
    Path tokenFile = dir.resolve("token");
    Path script = dir.resolve("post.lua");
    Files.writeString(bodyFile, body);
    Files.writeString(tokenFile, credential.strip());
    Files.writeString(script, SCRIPT.formatted(bodyFile, header, prefix, tokenFile));
    List<String> command = new ArrayList<>();
    command.add("sh");
    command.add("-c");
    // the shell reports its waited-for children's CPU ticks (wrk's) after the run
    command.add(
        "wrk \"$@\"; echo; echo wrk-cpu $(cut -d')' -f2 /proc/$$/stat | awk '{print $14+$15}')");
    command.add("wrk");
    command.addAll(
        List.of(
            "-t1",
            "-c" + connections,
            "-d" + length.toSeconds() + "s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.toString(),
            url));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return parse(output);
  }

  static Result parse(String output) {
    Matcher requests = REQUESTS.matcher(output);
    if (!requests.find()) {
      throw new IllegalStateException("unreadable wrk output:\n" + output);
    }
    long count = Long.parseLong(requests.group(1));
    double seconds = seconds(Double.parseDouble(requests.group(2)), requests.group(3));
    double p50 = 0;
    double p99 = 0;
    Matcher percentile = PERCENTILE.matcher(output);
    while (percentile.find()) {
      double millis = seconds(Double.parseDouble(percentile.group(2)), percentile.group(3)) * 1000;
      if (percentile.group(1).equals("50")) {
        p50 = millis;
      } else {
        p99 = millis;
      }
    }
    long failures = 0;
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      failures += Long.parseLong(non2xx.group(1));
    }
    Matcher errors = SOCKET_ERRORS.matcher(output);
    if (errors.find()) {
      for (int i = 1; i <= 4; i++) {
        failures += Long.parseLong(errors.group(i));
      }
    }
    Matcher cpu = Pattern.compile("wrk-cpu (\\d+)").matcher(output);
    double cpuMillis = cpu.find() ? Long.parseLong(cpu.group(1)) * 10.0 : 0;
    return new Result(count, seconds, count / seconds, p50, p99, failures, cpuMillis);
  }

  private static double seconds(double value, String unit) {
    return switch (unit) {
      case "us" -> value / 1e6;
      case "ms" -> value / 1e3;
      case "m" -> value * 60;
      default -> value;
    };
  }
}
