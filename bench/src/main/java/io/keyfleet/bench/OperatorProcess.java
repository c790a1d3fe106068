package io.keyfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The operator's process as the benchmarks see it from outside: whether it still runs, its
 * resident memory (sampled throughout by {@link ProcessMemory}), its heap after a forced GC
 * (jcmd), and the figures made of them. Without an operator pid nothing is measured.
 */
public final class OperatorProcess implements AutoCloseable {
  private final String name;
  private final ProcessMemory memory;
  private final Path jcmd;
  private final Path log;
  private final String xmx;

  public OperatorProcess(BenchOptions options) {
    this("operator", options.operatorPid(), options.jcmd(), options.operatorLog(), options.operatorXmx());
  }

  /**
   * Any controller process watched the same way (the certmanager benchmark's cert-manager too).
   *
   * @param name what the messages call it: "operator", "cert-manager"
   * @param pid its process id (0: nothing measured)
   * @param jcmd the JDK's jcmd for a JVM's heap (null: not measured, as for a Go process)
   */
  public OperatorProcess(String name, long pid, Path jcmd, Path log, String xmx) {
    this.name = name;
    this.memory = pid > 0 ? new ProcessMemory(pid, 250) : null;
    this.jcmd = jcmd;
    this.log = log;
    this.xmx = xmx;
  }

  public String name() {
    return name;
  }

  /** Its process id, 0 when not known. */
  public long pid() {
    return memory == null ? 0 : memory.pid();
  }

  public boolean measured() {
    return memory != null;
  }

  /** False only when the operator's pid is known and the process is gone. */
  public boolean alive() {
    return memory == null || memory.alive();
  }

  /** Throws when the operator process has exited. */
  public void check() {
    if (!alive()) {
      throw new BenchmarkFailure("the " + name + " process " + memory.pid() + " is not running" + logHint());
    }
  }

  /** " (see <operator log>)", or nothing when the log is not known. */
  public String logHint() {
    return log == null ? "" : " (see " + log + ")";
  }

  public OptionalLong rssKib() {
    return memory == null ? OptionalLong.empty() : memory.rssKib();
  }

  /** The peak resident set so far: the larger of the highest VmRSS sampled and the kernel's VmHWM, in KiB. */
  public OptionalLong peakRssKib() {
    if (memory == null) {
      return OptionalLong.empty();
    }
    long sampled = memory.peakSampledKib();
    return OptionalLong.of(Math.max(sampled, memory.hwmKib().orElse(0)));
  }

  /** The operator's heap in use after a forced full GC, when jcmd is there and works. */
  public OptionalLong heapAfterGc() {
    if (memory == null || jcmd == null || !Files.isExecutable(jcmd)) {
      return OptionalLong.empty();
    }
    try {
      return memory.heapUsedAfterGcKib(jcmd);
    } catch (Exception e) {
      System.err.println("[bench] operator heap not measured: " + e.getMessage());
      return OptionalLong.empty();
    }
  }

  /** Puts "operatorRssBeforeMiB": the resident set now, before the measured phase. */
  public void rssBefore(Figures figures) {
    rssKib().ifPresent(kib -> figures.put("operatorRssBeforeMiB", Figures.round(ProcessMemory.mib(kib), 1)));
  }

  /**
   * The memory figures at the end: peak RSS, RSS now and after a full GC, the heap in use after a
   * full GC, and that heap's growth per object of the phase ("operatorHeapKiBPer" + unit).
   *
   * @param heapBeforeKib the heap after a full GC before the phase
   * @param objects how many objects the phase added (Ready identities, updated devices)
   * @param unit what one object is, capitalised for the key: "Identity", "Device"
   */
  public void memoryFigures(Figures figures, OptionalLong heapBeforeKib, int objects, String unit) {
    if (memory == null) {
      figures.line("operator memory: not measured (no --operator-pid)");
      return;
    }
    long sampled = memory.peakSampledKib();
    if (!memory.alive()) {
      figures.put("operatorPeakRssMiB", Figures.round(ProcessMemory.mib(sampled), 1));
      figures.line("operator memory: the process has exited; the highest RSS sampled was %.1f MiB", ProcessMemory.mib(sampled));
      return;
    }
    OptionalLong hwm = memory.hwmKib();
    OptionalLong rss = memory.rssKib();
    double peak = ProcessMemory.mib(Math.max(sampled, hwm.orElse(0)));
    figures.put("operatorPeakRssMiB", Figures.round(peak, 1)).put("operatorRssEndMiB", mib(rss));
    OptionalLong heap = heapAfterGc();
    figures.put("operatorHeapUsedMiB", mib(heap)).put("operatorRssAfterGcMiB", mib(memory.rssKib()))
        .put("operatorHeapUsedBeforeMiB", mib(heapBeforeKib));
    figures.line("operator memory: peak RSS %.1f MiB (VmHWM %s, sampled %.1f), RSS at the end %s MiB, after a full GC %s MiB (-Xmx%s)",
        peak, mib(hwm), ProcessMemory.mib(sampled), figures.get("operatorRssEndMiB"), figures.get("operatorRssAfterGcMiB"), xmx);
    String noun = unit.toLowerCase(java.util.Locale.ROOT);
    if (heap.isPresent() && heapBeforeKib.isPresent() && objects > 0) {
      double perObjectKib = (heap.getAsLong() - heapBeforeKib.getAsLong()) / (double) objects;
      figures.put("operatorHeapKiBPer" + unit, Figures.round(perObjectKib, 2));
      figures.line("operator heap used after a full GC: %s MiB before, %s MiB after: %.1f KiB per %s"
              + " (at that slope 50,000 would hold %.0f MiB)",
          figures.get("operatorHeapUsedBeforeMiB"), figures.get("operatorHeapUsedMiB"), perObjectKib, noun,
          ProcessMemory.mib(heapBeforeKib.getAsLong()) + perObjectKib * 50_000 / 1024);
    } else {
      figures.line("operator heap used after a full GC: %s MiB", figures.get("operatorHeapUsedMiB"));
    }
  }

  static Double mib(OptionalLong kib) {
    return kib.isPresent() ? Figures.round(ProcessMemory.mib(kib.getAsLong()), 1) : null;
  }

  @Override
  public void close() {
    if (memory != null) {
      memory.close();
    }
  }
}
