package io.keyfleet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs {@code count} blocking calls (creates, status applies) with at most {@code concurrency} in
 * flight: a fixed pool of that many threads, each call a CompletableFuture on it. Every phase
 * uses this, so a baseline and the phase it is compared with make their calls the same way.
 */
public final class BoundedCreates {
  /**
   * What a batch of creates did.
   *
   * @param startNanos System.nanoTime() just before the first call
   * @param returnedNanos per index, when its call returned (0 when it failed)
   * @param failures calls that threw
   * @param firstFailure the first failure's message, or null
   */
  public record Result(long startNanos, AtomicLongArray returnedNanos, int failures, String firstFailure) {
    public int succeeded() {
      return returnedNanos.length() - failures;
    }

    public long lastReturnNanos() {
      long last = startNanos;
      for (int i = 0; i < returnedNanos.length(); i++) {
        last = Math.max(last, returnedNanos.get(i));
      }
      return last;
    }

    /** " (N failed; first: ...)", or nothing when none failed: for the printed lines. */
    public String failureNote() {
      return failures == 0 ? "" : String.format(" (%d failed; first: %s)", failures, firstFailure);
    }

    /** Successful creates per second, from the first call to the last return. */
    public double perSecond() {
      double seconds = (lastReturnNanos() - startNanos) / 1e9;
      return seconds <= 0 ? 0 : succeeded() / seconds;
    }
  }

  private BoundedCreates() {}

  /** Calls {@code create} for 0..count-1, at most {@code concurrency} at once, and waits for all. */
  public static Result run(int count, int concurrency, IntConsumer create) {
    AtomicLongArray returned = new AtomicLongArray(count);
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "bench-create");
      t.setDaemon(true);
      return t;
    });
    try {
      List<CompletableFuture<Void>> calls = new ArrayList<>(count);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        int index = i;
        calls.add(CompletableFuture.runAsync(() -> {
          try {
            create.accept(index);
            returned.set(index, System.nanoTime());
          } catch (RuntimeException e) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
          }
        }, pool));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
      return new Result(start, returned, failures.get(), firstFailure.get());
    } finally {
      pool.shutdownNow();
    }
  }
}
