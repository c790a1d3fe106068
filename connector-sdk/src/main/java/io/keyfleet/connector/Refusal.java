package io.keyfleet.connector;

/** Why a device must not install an assigned update. Checked in this order. */
public enum Refusal {
  /** The device is revoked: it installs nothing. */
  REVOKED,
  /** The bytes fetched do not hash to the digest assigned, or the manifest's layer is not what it names. */
  DIGEST_MISMATCH,
  /** The OCI manifest, the signature payload or the update manifest does not parse. */
  MALFORMED,
  /** The device trusts no update-signing key (its update-trust.pem is empty). */
  NO_TRUSTED_KEY,
  /** No key in update-trust.pem verifies the signature over the payload. */
  BAD_SIGNATURE,
  /** The signed payload names another manifest (a signature copied from elsewhere). */
  SIGNATURE_FOR_ANOTHER_MANIFEST,
  /** The manifest is for another fleet. */
  WRONG_FLEET,
  /** The device's model is not among the manifest's models. */
  WRONG_MODEL,
  /** The sequence is not greater than the one last installed (anti-rollback). */
  NOT_NEWER,
  /** The manifest's expiresAt has passed. */
  EXPIRED,
  /** The device runs a version older than the manifest's minimumVersion. */
  BELOW_MINIMUM_VERSION,
  /** The firmware fetched does not hash to the artifact digest the signed manifest names. */
  FIRMWARE_MISMATCH
}
