package io.keyfleet.bench;

/** A run that cannot go on; its message says why. The JSON then has "complete": false and the message as "error". */
public final class BenchmarkFailure extends RuntimeException {
  public BenchmarkFailure(String message) {
    super(message);
  }
}
