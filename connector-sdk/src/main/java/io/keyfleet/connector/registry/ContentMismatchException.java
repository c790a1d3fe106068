package io.keyfleet.connector.registry;

/**
 * The registry served content that does not hash to the digest it was asked for, or more than the
 * allowed size: the content must not be used (a tampered registry or a man in the middle).
 */
public final class ContentMismatchException extends RegistryReadException {
  public ContentMismatchException(String message) {
    super(message);
  }
}
