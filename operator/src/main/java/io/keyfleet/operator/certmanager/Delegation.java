package io.keyfleet.operator.certmanager;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.api.v1alpha1.fleet.CertManagerIssuer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * What Keyfleet asks a fleet's cert-manager issuer to certify for a key of its own, and how it
 * keeps it: a CRL signer (signing PerDevice: the issuer signs the devices, Keyfleet signs an
 * indirect CRL) or an intermediate CA (signing Intermediate: Keyfleet signs the devices and a
 * direct CRL).
 *
 * @param kind which of the two
 * @param subject the subject asked for: a name of its own, never the issuer CA's (see
 *     {@link DelegatedRenewal})
 * @param lifetime the validity asked for; renewed at two thirds of what was granted
 * @param usages cert-manager's key usage names
 * @param keepsKey whether a renewal certifies the same key (an intermediate: device certificates
 *     and the CRL stay verifiable with the renewed certificate) or a new one (a CRL signer)
 */
public record Delegation(Kind kind, X500Name subject, Duration lifetime, List<String> usages, boolean keepsKey) {
  /** The two things Keyfleet has certified. */
  public enum Kind {
    CRL_SIGNER("keyfleet-crl-signer-", "crl-signer", "CRL-signing certificate", "AwaitingCrlSigner"),
    INTERMEDIATE_CA("keyfleet-intermediate-ca-", "intermediate-ca", "intermediate CA certificate", "AwaitingIntermediateCa");

    /** Prefix of the Secret in the operator's namespace that keeps the key and certificate. */
    public final String secretPrefix;
    /** The keyfleet.io/component label of that Secret and of the CertificateRequests. */
    public final String component;
    /** What it is called in messages. */
    public final String what;
    /** The fleet's Ready reason while the first certificate is awaited. */
    public final String awaitingReason;

    Kind(String secretPrefix, String component, String what, String awaitingReason) {
      this.secretPrefix = secretPrefix;
      this.component = component;
      this.what = what;
      this.awaitingReason = awaitingReason;
    }
  }

  /** The lifetime asked for a CRL-signing certificate. */
  public static final Duration CRL_SIGNER_LIFETIME = Duration.ofDays(90);

  public Delegation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    usages = List.copyOf(usages);
  }

  /** What the fleet's signing mode needs. */
  public static Delegation of(DeviceFleet fleet) {
    CertManagerIssuer issuer = fleet.getSpec().getIssuer().getCertManager();
    return issuer.getSigning() == CertManagerIssuer.Signing.Intermediate ? intermediate(fleet) : crlSigner(fleet);
  }

  public static Delegation crlSigner(DeviceFleet fleet) {
    return new Delegation(Kind.CRL_SIGNER, new X500Name("CN=keyfleet CRL signer " + where(fleet)), CRL_SIGNER_LIFETIME,
        List.of("crl sign", "digital signature"), false);
  }

  public static Delegation intermediate(DeviceFleet fleet) {
    String duration = fleet.getSpec().getIssuer().getCertManager().getIntermediateDuration();
    return new Delegation(Kind.INTERMEDIATE_CA, new X500Name("CN=keyfleet device CA " + where(fleet)),
        Durations.parse(duration == null ? "365d" : duration), List.of("cert sign", "crl sign", "digital signature"), true);
  }

  /** Whether the certificate asked for is a CA certificate (cert-manager's spec.isCA). */
  public boolean isCa() {
    return kind == Kind.INTERMEDIATE_CA;
  }

  /** Whether a fleet Ready reason means: waiting for one of these certificates (look again soon). */
  public static boolean isAwaiting(String reason) {
    for (Kind k : Kind.values()) {
      if (k.awaitingReason.equals(reason)) {
        return true;
      }
    }
    return false;
  }

  private static String where(DeviceFleet fleet) {
    return fleet.getMetadata().getNamespace() + "/" + fleet.getMetadata().getName();
  }
}
