package io.medmaas.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used so far by a set of processes, from {@code /proc/<pid>/stat} (user + system clock
 * ticks, 100 per second on Linux), or by this JVM.
 */
final class ProcessCpu {

  private static final double MILLIS_PER_TICK = 10.0;

  private ProcessCpu() {}

  /** CPU milliseconds used by the given processes; -1 for "this JVM". */
  static double millis(List<Long> pids) {
    double total = 0;
    for (long pid : pids) {
      total += pid < 0 ? self() : ticks(pid) * MILLIS_PER_TICK;
    }
    return total;
  }

  private static double self() {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return os.getProcessCpuTime() / 1_000_000.0;
  }

  /**
   * CPU milliseconds used so far by a PostgreSQL cluster: its postmaster (with the children it has
   * reaped) and every live child process (backends, WAL writer, checkpointer).
   */
  static double postgres(Path dataDir) {
    long postmaster;
    try {
      postmaster =
          Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    long ticks = ticksWithChildren(postmaster);
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)
            && parent(Long.parseLong(name)) == postmaster) {
          ticks += ticks(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      return ticks * MILLIS_PER_TICK;
    }
    return ticks * MILLIS_PER_TICK;
  }

  private static String[] fields(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  private static long parent(long pid) {
    try {
      return Long.parseLong(fields(pid)[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long ticksWithChildren(long pid) {
    try {
      String[] f = fields(pid);
      return Long.parseLong(f[11])
          + Long.parseLong(f[12])
          + Long.parseLong(f[13])
          + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
