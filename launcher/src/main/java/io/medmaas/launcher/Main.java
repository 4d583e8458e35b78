package io.medmaas.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The command line behind {@code ./maas}: up, down, status, token, rotate-keys, verify-audit. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = Arrays.asList(args);
    Path home = Path.of(System.getProperty("medmaas.home", ".")).toAbsolutePath().normalize();
    StackConfig config = StackConfig.local(home, System.getenv());
    String command = rest.isEmpty() ? "help" : rest.get(0);
    int status =
        switch (command) {
          case "up" -> up(config);
          case "down" -> down(config);
          case "status" -> status(config);
          case "token" -> token(config, rest.subList(1, rest.size()));
          case "rotate-keys" -> rotateKeys(config);
          case "verify-audit" -> verifyAudit(config, rest.subList(1, rest.size()));
          case "kubernetes-keys" -> kubernetesKeys(home, rest.subList(1, rest.size()));
          default -> usage();
        };
    System.exit(status);
  }

  /**
   * A new internal-token signing key; the previous public key stays in the key set, so tokens it
   * signed still verify. Services read the key set at start: the running stack is restarted.
   */
  private static int rotateKeys(StackConfig config) throws IOException {
    KeyMaterial keys = KeyMaterial.ensure(config.keys()).rotate();
    System.out.println("New internal-token signing key " + keys.keyId() + "; the previous one");
    System.out.println("still verifies until the next rotation (" + keys.keySet() + ").");
    if (runningLauncher(config.runDir().resolve("launcher.pid")).isPresent()) {
      System.out.println("Restart the stack to use it: ./maas down && ./maas up -d");
    }
    return 0;
  }

  /**
   * Writes the RSA keys of a Kubernetes installation as Secret manifests ({@link KubernetesKeys}):
   * {@code kubernetes-keys DIR [--release NAME] [--namespace NS] [--rotate]}.
   */
  private static int kubernetesKeys(Path home, List<String> args) {
    if (args.isEmpty() || args.get(0).startsWith("--")) {
      System.err.println(
          "usage: ./maas kubernetes-keys DIR [--release medmaas] [--namespace medmaas] [--rotate]");
      return 2;
    }
    String release = "medmaas";
    String namespace = "medmaas";
    boolean rotate = false;
    for (int i = 1; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--release" -> release = args.get(++i);
        case "--namespace" -> namespace = args.get(++i);
        case "--rotate" -> rotate = true;
        default -> {
          System.err.println("unknown option " + args.get(i));
          return 2;
        }
      }
    }
    // relative to where ./maas was run (it moves to the repository), never inside the repository
    String cwd = System.getenv().getOrDefault("MAAS_CWD", System.getProperty("user.dir"));
    Path dir = Path.of(cwd).resolve(args.get(0)).toAbsolutePath().normalize();
    if (dir.startsWith(home)) {
      System.err.println("Keep production keys outside the repository (" + dir + ")");
      return 2;
    }
    boolean existed = Files.exists(dir.resolve("internal-token-private.pem"));
    if (rotate && !existed) {
      System.err.println("--rotate needs the keys made before in " + dir);
      return 2;
    }
    var written = KubernetesKeys.write(dir, release, namespace, rotate);
    System.out.println(
        rotate
            ? "A new signing key; the key set lists it and the one it replaces."
            : existed ? "The keys in " + dir + " again (unchanged)." : "New keys in " + dir + ".");
    System.out.println("Keep that folder safe and private; apply the Secrets with:");
    written.values().forEach(file -> System.out.println("  kubectl apply -f " + file));
    System.out.println("and name them to the chart (else it makes keys of its own):");
    System.out.println(
        "  --set secrets.internalTokenSecret="
            + release
            + "-internal-token --set secrets.internalTokenKeySetSecret="
            + release
            + "-internal-token-keys --set secrets.auditSigningSecret="
            + release
            + "-audit-signing");
    if (rotate) {
      System.out.println(
          "in this order: the -internal-token-keys Secret, a restart of registry, inference and"
              + " tenant-admin, then the -internal-token Secret and a restart of the gateway"
              + " (docs/deploy-kubernetes.md, Rotation).");
    }
    return 0;
  }

  /**
   * Checks an exported audit chain offline ({@code io.medmaas.auditproof.OfflineVerifier}), with
   * this install's public audit signing key unless {@code --key} names others.
   */
  private static int verifyAudit(StackConfig config, List<String> args) throws IOException {
    List<String> withKey = new java.util.ArrayList<>(args);
    if (!args.contains("--key")) {
      Path key = config.keys().resolve("audit-signing-public.pem"); // this install's, if any
      if (Files.exists(key)) {
        withKey.add("--key");
        withKey.add(key.toString());
      }
    }
    return io.medmaas.auditproof.OfflineVerifier.run(withKey);
  }

  private static int up(StackConfig config) throws IOException, InterruptedException {
    Path pidFile = config.runDir().resolve("launcher.pid");
    Optional<ProcessHandle> running = runningLauncher(pidFile);
    if (running.isPresent()) {
      System.out.println("medmaas is already running (launcher pid " + running.get().pid() + ")");
      return 1;
    }
    Files.createDirectories(config.runDir());
    Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
    CountDownLatch stopped = new CountDownLatch(1);
    Stack stack;
    try {
      stack = Stack.start(config, System.out::println);
    } catch (RuntimeException e) {
      System.out.println("medmaas did not start: " + e.getMessage());
      Files.deleteIfExists(pidFile);
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping medmaas...");
                  stack.close();
                  try {
                    Files.deleteIfExists(pidFile);
                  } catch (IOException ignored) {
                    // best effort: a stale pid file is detected on the next start
                  }
                  stopped.countDown();
                }));
    System.out.println(DemoGuide.text(config));
    System.out.println("medmaas is up. Ctrl-C (or ./maas down) stops it.");
    stopped.await();
    return 0;
  }

  private static int down(StackConfig config) throws IOException {
    Path pidFile = config.runDir().resolve("launcher.pid");
    Optional<ProcessHandle> running = runningLauncher(pidFile);
    if (running.isEmpty()) {
      System.out.println("medmaas is not running");
      Files.deleteIfExists(pidFile);
      return 0;
    }
    System.out.println("Stopping medmaas (launcher pid " + running.get().pid() + ")...");
    running.get().destroy();
    try {
      running.get().onExit().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      running.get().destroyForcibly();
    }
    System.out.println("medmaas stopped");
    return 0;
  }

  private static int status(StackConfig config) throws IOException {
    Optional<ProcessHandle> running = runningLauncher(config.runDir().resolve("launcher.pid"));
    System.out.println(
        running
            .map(p -> "launcher: running (pid " + p.pid() + ")")
            .orElse("launcher: not running"));
    boolean allUp = true;
    for (var service : config.servicePorts().entrySet()) {
      String url = config.url(service.getValue());
      boolean up = ManagedProcess.isReady(URI.create(config.healthUrl(service.getKey())));
      allUp &= up;
      System.out.printf("%-14s %-5s %s%n", service.getKey(), up ? "UP" : "DOWN", url);
    }
    boolean keycloakUp =
        ManagedProcess.isReady(
            URI.create(config.issuer("medmaas") + "/.well-known/openid-configuration"));
    System.out.printf(
        "%-14s %-5s %s%n", "keycloak", keycloakUp ? "UP" : "DOWN", config.keycloakUrl());
    System.out.printf("%-14s %-5s %s%n", "postgres", "", config.jdbcUrl());
    return allUp && keycloakUp ? 0 : 3;
  }

  private static int token(StackConfig config, List<String> args) {
    if (args.size() != 2) {
      System.err.println(
          "usage: ./maas token <tenant> <user>   e.g. ./maas token aurora-general dr.ada");
      return 2;
    }
    try {
      System.out.println(new DemoTokens(config.keycloakUrl()).userToken(args.get(0), args.get(1)));
      return 0;
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }

  private static int usage() {
    System.out.println(
        """
        usage: ./maas <command>
          up        build what is missing and start the whole platform (Ctrl-C stops it)
          up -d     the same, in the background
          down      stop everything ./maas up started
          status    show what runs
          token <tenant> <user>   print an access token for a demo user
          rotate-keys             a new internal-token signing key (the previous one still verifies)
          kubernetes-keys DIR [--release R] [--namespace N] [--rotate]
                                  the RSA keys of a Kubernetes install, as Secret manifests
          verify-audit EXPORT [--key PEM] [--earlier HEAD]
                                  check an exported audit chain offline (exit 0: verified)""");
    return 2;
  }

  private static Optional<ProcessHandle> runningLauncher(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
