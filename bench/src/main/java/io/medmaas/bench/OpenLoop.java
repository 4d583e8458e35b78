package io.medmaas.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator that costs little CPU: a fixed number of keep-alive connections, each
 * sending pre-built HTTP/1.1 requests on its own fixed schedule (rate / connections), over plain
 * sockets, reading only the status line and the body's length. Latency is counted from each
 * request's scheduled start, so a stall shows in the figures instead of slowing the offered load
 * (no coordinated omission, as in wrk2). Its CPU is this JVM's, measured by the caller.
 */
final class OpenLoop {

  private OpenLoop() {}

  static Wrk.Result post(
      String url, String body, String bearer, double rate, int connections, Duration length)
      throws Exception {
    URI uri = URI.create(url);
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("POST "
                + uri.getRawPath()
                + " HTTP/1.1\r\nHost: "
                + uri.getHost()
                + ":"
                + uri.getPort()
                + "\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                + bearer.strip()
                + "\r\nContent-Length: "
                + payload.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + payload.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(payload, 0, request, head.length, payload.length);
    Recorder recorder = new Recorder(3);
    AtomicLong failures = new AtomicLong();
    long intervalNanos = (long) (1e9 * connections / rate);
    long start = System.nanoTime();
    long end = start + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      long first = start + intervalNanos * c / connections;
      Thread thread =
          new Thread(
              () -> run(uri, request, first, intervalNanos, end, recorder, failures),
              "open-loop-" + c);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(length.toMillis() + 30_000);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    var histogram = recorder.getIntervalHistogram();
    long count = histogram.getTotalCount();
    return new Wrk.Result(
        count,
        seconds,
        count / seconds,
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        failures.get(),
        0);
  }

  private static void run(
      URI uri,
      byte[] request,
      long first,
      long intervalNanos,
      long end,
      Recorder recorder,
      AtomicLong failures) {
    Socket socket = null;
    byte[] buffer = new byte[65536];
    for (long scheduled = first; scheduled < end; scheduled += intervalNanos) {
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.setSoTimeout(30_000);
          socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        }
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        int status = readResponse(socket.getInputStream(), buffer);
        if (status == 200) {
          recorder.recordValue((System.nanoTime() - scheduled) / 1_000);
        } else {
          failures.incrementAndGet();
        }
      } catch (IOException e) {
        failures.incrementAndGet();
        close(socket);
        socket = null;
      }
    }
    close(socket);
  }

  /** Reads one response (headers, then Content-Length bytes); returns its status. */
  private static int readResponse(InputStream in, byte[] buffer) throws IOException {
    int filled = 0;
    int headerEnd = -1;
    while (headerEnd < 0) {
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        throw new IOException("connection closed");
      }
      filled += n;
      headerEnd = indexOf(buffer, filled);
    }
    String headers = new String(buffer, 0, headerEnd, StandardCharsets.US_ASCII);
    int status = Integer.parseInt(headers.substring(9, 12));
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    int remaining = length - (filled - headerEnd - 4);
    while (remaining > 0) {
      int n = in.read(buffer, 0, Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new IOException("connection closed");
      }
      remaining -= n;
    }
    return status;
  }

  private static int indexOf(byte[] buffer, int filled) {
    for (int i = 3; i < filled; i++) {
      if (buffer[i] == '\n'
          && buffer[i - 1] == '\r'
          && buffer[i - 2] == '\n'
          && buffer[i - 3] == '\r') {
        return i - 3;
      }
    }
    return -1;
  }

  private static void close(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
