package io.keyfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of another process (the operator) as Linux and its JVM see it: resident set size
 * from /proc/PID/status (VmRSS now, VmHWM its peak since start, both in KiB), sampled in the
 * background, and the heap in use after a forced GC through jcmd.
 */
public final class ProcessMemory implements AutoCloseable {
  private static final Pattern USED = Pattern.compile("\\bused (\\d+)([KMG])\\b");

  private final long pid;
  private final AtomicLong peakSampledKib = new AtomicLong();
  private final ScheduledExecutorService sampler;

  public ProcessMemory(long pid, long periodMillis) {
    this.pid = pid;
    this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rss-sampler");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleAtFixedRate(this::sample, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  public long pid() {
    return pid;
  }

  public boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private void sample() {
    rssKib().ifPresent(k -> peakSampledKib.accumulateAndGet(k, Math::max));
  }

  /** The highest VmRSS the sampler saw. */
  public long peakSampledKib() {
    sample();
    return peakSampledKib.get();
  }

  public OptionalLong rssKib() {
    return field("VmRSS");
  }

  /** The kernel's high-water mark of the resident set since the process started. */
  public OptionalLong hwmKib() {
    return field("VmHWM");
  }

  private OptionalLong field(String name) {
    try {
      return statusField(Files.readString(Path.of("/proc", Long.toString(pid), "status")), name);
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** A "Name:   123 kB" line of /proc/PID/status, in KiB. */
  static OptionalLong statusField(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name + ":")) {
        String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
        return OptionalLong.of(Long.parseLong(parts[0]));
      }
    }
    return OptionalLong.empty();
  }

  /** Forces a full GC in the process (jcmd GC.run), then reads the heap in use (GC.heap_info), in KiB. */
  public OptionalLong heapUsedAfterGcKib(Path jcmd) throws IOException, InterruptedException {
    run(jcmd, "GC.run");
    return heapUsedKib(run(jcmd, "GC.heap_info"));
  }

  /**
   * The heap in use from jcmd GC.heap_info: the "used" figures of the heap lines, before the
   * Metaspace lines (G1 prints one line for the whole heap; Serial and Parallel one per generation).
   */
  static OptionalLong heapUsedKib(String heapInfo) {
    long total = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        break;
      }
      Matcher m = USED.matcher(line);
      if (m.find()) {
        long v = Long.parseLong(m.group(1));
        total += switch (m.group(2)) {
          case "G" -> v * 1024 * 1024;
          case "M" -> v * 1024;
          default -> v;
        };
        found = true;
      }
    }
    return found ? OptionalLong.of(total) : OptionalLong.empty();
  }

  private String run(Path jcmd, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + out.strip());
    }
    return out;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }

  static double mib(long kib) {
    return kib / 1024.0;
  }
}
