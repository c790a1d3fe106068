package io.keyfleet.connector.registry;

/** The registry could not be read: unreachable, refused, or it answered something unusable. */
public class RegistryReadException extends Exception {
  public RegistryReadException(String message) {
    super(message);
  }

  public RegistryReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
