package io.keyfleet.operator.metrics;

/** What the operator asked of an OCI registry when it failed: the {@code operation} label. */
public enum RegistryOperation {
  /** Resolving the firmware reference (a tag or a digest) to its digest, size and media type. */
  RESOLVE("resolve"),
  /** Pushing the update manifest (with the firmware as its subject). */
  PUBLISH("publish"),
  /** Reading the existing cosign signature, or pushing a new one. */
  SIGN("sign");

  private final String label;

  RegistryOperation(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
