package io.keyfleet.connector;

import io.keyfleet.connector.RevocationListException.Failure;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The fleet's certificate revocation list, for relying parties (back ends, peers) that must
 * refuse revoked devices.
 *
 * <p>A list is only made from a CRL that parses (DER or PEM), is signed by one of the given CA
 * certificates (the device Secret's {@code ca.crt}) and whose {@code nextUpdate} has not passed.
 * The operator serves each fleet's CRL at the URL its certificates carry as CRL distribution
 * point ({@link #distributionPoint}); fetch it again before {@link #nextUpdate()}: once that has
 * passed, every question to this list fails with {@link Failure#STALE} instead of answering from
 * old data. {@code thisUpdate} is not checked against the clock, so a device whose clock lags the
 * cluster's can still use a CRL published moments ago.
 *
 * <p>For TLS, {@link #trustManager} checks peers against trust anchors and this CRL, so a handshake
 * with a revoked certificate fails; {@link DeviceCredentials#sslContext(RevocationList)} builds a
 * mutual-TLS context with it.
 *
 * <p>A fleet whose certificates a cert-manager issuer signs has an <em>indirect</em> CRL (RFC 5280
 * section 5.2.5): Keyfleet does not hold that CA's key, so the CRL is signed by a CRL-signing
 * certificate the same CA issued to Keyfleet ({@code crl-signer.crt} in the fleet's
 * {@code <fleet>-crl} ConfigMap), carries an Issuing Distribution Point marked
 * {@code indirectCRL}, and names the CA on every entry. Pass that certificate as a CRL signer: it
 * is accepted only when one of the CA certificates signed it, it may sign CRLs and it is valid.
 *
 * <p>A fleet whose cert-manager issuer certified an intermediate CA for Keyfleet (signing
 * Intermediate) has a direct CRL signed by that intermediate, which every relying party (openssl
 * included) can enforce; {@code crl-signer.crt} then holds the intermediate. Pass it as a CRL
 * signer too.
 */
public final class RevocationList {
  /** The largest CRL {@link #fetch} downloads: 16 MiB. */
  public static final long MAX_BYTES = 16L * 1024 * 1024;
  /** How long {@link #fetch} waits for the whole download. */
  public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final class DefaultClient {
    static final HttpClient INSTANCE = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  private final X509CRL crl;
  private final X509Certificate issuer;
  private final boolean indirect;
  private final List<X509Certificate> intermediates;
  private final Clock clock;

  private RevocationList(X509CRL crl, X509Certificate issuer, boolean indirect, Collection<X509Certificate> intermediates, Clock clock) {
    this.crl = crl;
    this.issuer = issuer;
    this.indirect = indirect;
    this.intermediates = List.copyOf(intermediates);
    this.clock = clock;
  }

  /**
   * Downloads, checks and returns the CRL at {@code url}, with a 10-second connect timeout, a
   * {@link #FETCH_TIMEOUT} for the whole download and at most {@link #MAX_BYTES}.
   *
   * @param url an http or https URL, e.g. from {@link #distributionPoint}
   * @param caCertificates the fleet CA certificates (the Secret's {@code ca.crt}); one must have
   *     signed the CRL
   * @param clock the time to judge staleness by, now and later
   * @throws RevocationListException when the CRL cannot be fetched, is too large, does not parse,
   *     is not signed by a given CA, or is stale
   */
  public static RevocationList fetch(URI url, Collection<X509Certificate> caCertificates, Clock clock)
      throws RevocationListException {
    return fetch(DefaultClient.INSTANCE, url, caCertificates, clock);
  }

  /** As {@link #fetch(URI, Collection, Clock)}, with the caller's HTTP client (proxy, TLS, redirects). */
  public static RevocationList fetch(HttpClient client, URI url, Collection<X509Certificate> caCertificates, Clock clock)
      throws RevocationListException {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(url, "url");
    return parse(CrlDownload.fetch(client, url, MAX_BYTES, FETCH_TIMEOUT), caCertificates, clock);
  }

  /**
   * Checks a CRL held in memory, e.g. the PEM in the fleet's {@code <fleet>-crl} ConfigMap.
   *
   * @param derOrPem the CRL, DER or PEM ({@code -----BEGIN X509 CRL-----})
   * @throws RevocationListException when the CRL does not parse, is not signed by a given CA, or
   *     is stale
   */
  public static RevocationList parse(byte[] derOrPem, Collection<X509Certificate> caCertificates, Clock clock)
      throws RevocationListException {
    return parse(derOrPem, caCertificates, List.of(), clock);
  }

  /**
   * As {@link #parse(byte[], Collection, Clock)}, also accepting a CRL signed by one of
   * {@code crlSigners} (a fleet with a cert-manager issuer: its {@code crl-signer.crt}): an
   * indirect CRL signed by a CRL signer (signing PerDevice), or a direct CRL signed by an
   * intermediate CA (signing Intermediate).
   *
   * @throws RevocationListException also when the CRL's signer is none of those given, was not
   *     issued by a given CA, may not sign CRLs (an intermediate: is no CA) or is not valid now
   */
  public static RevocationList parse(
      byte[] derOrPem, Collection<X509Certificate> caCertificates, Collection<X509Certificate> crlSigners, Clock clock)
      throws RevocationListException {
    Objects.requireNonNull(derOrPem, "derOrPem");
    Objects.requireNonNull(caCertificates, "caCertificates");
    Objects.requireNonNull(crlSigners, "crlSigners");
    Objects.requireNonNull(clock, "clock");
    X509CRL crl = decode(derOrPem);
    if (crl.getNextUpdate() == null) {
      throw new RevocationListException(Failure.MALFORMED,
          "the CRL of " + crl.getIssuerX500Principal().getName() + " has no nextUpdate, so its staleness cannot be judged");
    }
    RevocationList list = IndirectCrls.isIndirect(crl)
        ? new RevocationList(crl, IndirectCrls.coveredCa(crl, caCertificates, crlSigners, clock.instant()), true, crlSigners, clock)
        : new RevocationList(crl, directSigner(crl, caCertificates, crlSigners, clock.instant()), false, crlSigners, clock);
    list.requireCurrent();
    return list;
  }

  /**
   * As {@link #fetch(URI, Collection, Clock)}, also accepting an indirect CRL signed by one of
   * {@code crlSigners} (see {@link #parse(byte[], Collection, Collection, Clock)}).
   */
  public static RevocationList fetch(URI url, Collection<X509Certificate> caCertificates, Collection<X509Certificate> crlSigners, Clock clock)
      throws RevocationListException {
    Objects.requireNonNull(url, "url");
    return parse(CrlDownload.fetch(DefaultClient.INSTANCE, url, MAX_BYTES, FETCH_TIMEOUT), caCertificates, crlSigners, clock);
  }

  /**
   * The first http or https URI in the certificate's CRL distribution points extension.
   *
   * @return empty when the certificate has no such extension or no such URI
   * @throws IllegalArgumentException when the extension does not parse
   */
  public static Optional<URI> distributionPoint(X509Certificate certificate) {
    return CrlDistributionPoint.firstHttpUri(Objects.requireNonNull(certificate, "certificate"));
  }

  /**
   * Whether the CRL lists the certificate.
   *
   * @throws RevocationListException ({@link Failure#STALE}) once the CRL's nextUpdate has passed
   * @throws IllegalArgumentException when the certificate's issuer is not this CRL's issuer
   */
  public boolean isRevoked(X509Certificate certificate) throws RevocationListException {
    return entry(certificate).isPresent();
  }

  /**
   * Why the certificate was revoked: empty when it is not; {@link CRLReason#UNSPECIFIED} when the
   * entry carries no reason (RFC 5280 leaves it out for unspecified).
   *
   * @throws RevocationListException ({@link Failure#STALE}) once the CRL's nextUpdate has passed
   * @throws IllegalArgumentException when the certificate's issuer is not this CRL's issuer
   */
  public Optional<CRLReason> revocationReason(X509Certificate certificate) throws RevocationListException {
    return entry(certificate).map(e -> e.getRevocationReason() == null ? CRLReason.UNSPECIFIED : e.getRevocationReason());
  }

  /**
   * A TLS trust manager that accepts a peer only when PKIX builds its chain to one of the trust
   * anchors and this CRL does not list it (no OCSP, no network fetches). It refuses every peer
   * once the CRL is stale.
   *
   * @param trustAnchors e.g. {@link DeviceCredentials#trustAnchors()}; peers must be issued by
   *     this CRL's CA, since their revocation status is otherwise unknown
   */
  public X509ExtendedTrustManager trustManager(Collection<X509Certificate> trustAnchors) {
    return new CrlTrustManager(List.copyOf(trustAnchors), this);
  }

  /** Refuses a list whose nextUpdate has passed by the clock. */
  public void requireCurrent() throws RevocationListException {
    Instant now = clock.instant();
    if (now.isAfter(nextUpdate())) {
      throw new RevocationListException(Failure.STALE, "the CRL of " + crl.getIssuerX500Principal().getName()
          + " is stale: its nextUpdate was " + nextUpdate() + ", it is now " + now);
    }
  }

  public X509CRL crl() {
    return crl;
  }

  /**
   * The CA whose certificates this list covers: the one whose key verified the CRL or, for an
   * indirect CRL, the one that issued its CRL signer.
   */
  public X509Certificate issuer() {
    return issuer;
  }

  /** The CRL signers and intermediates given with the CRL: the trust manager builds peers' paths through them. */
  List<X509Certificate> intermediates() {
    return intermediates;
  }

  /** Whether the CRL is indirect (signed by a CRL signer, not by the CA itself). */
  public boolean indirect() {
    return indirect;
  }

  public Instant thisUpdate() {
    return crl.getThisUpdate().toInstant();
  }

  public Instant nextUpdate() {
    return crl.getNextUpdate().toInstant();
  }

  Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    int entries = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
    return "RevocationList[" + crl.getIssuerX500Principal().getName() + ", " + entries + " revoked, thisUpdate " + thisUpdate()
        + ", nextUpdate " + nextUpdate() + "]";
  }

  private Optional<X509CRLEntry> entry(X509Certificate certificate) throws RevocationListException {
    Objects.requireNonNull(certificate, "certificate");
    requireCurrent();
    if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new IllegalArgumentException("the certificate is issued by " + certificate.getIssuerX500Principal().getName()
          + "; this CRL covers only " + issuer.getSubjectX500Principal().getName());
    }
    // For an indirect CRL the JDK matches each entry's Certificate Issuer extension, not the CRL's issuer.
    return Optional.ofNullable(indirect ? crl.getRevokedCertificate(certificate) : crl.getRevokedCertificate(certificate.getSerialNumber()));
  }

  private static X509CRL decode(byte[] derOrPem) throws RevocationListException {
    try {
      CRL crl = CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(derOrPem));
      if (crl instanceof X509CRL x509) {
        return x509;
      }
      throw new RevocationListException(Failure.MALFORMED, "the CRL is not an X.509 CRL");
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof RevocationListException r) {
        throw r;
      }
      throw new RevocationListException(Failure.MALFORMED, "the CRL does not parse as DER or PEM: " + e.getMessage(), e);
    }
  }

  /** A given CA that signed the CRL, or else a given intermediate CA that one of them issued. */
  private static X509Certificate directSigner(X509CRL crl, Collection<X509Certificate> caCertificates, Collection<X509Certificate> crlSigners,
      Instant now) throws RevocationListException {
    try {
      return signer(crl, caCertificates);
    } catch (RevocationListException e) {
      if (crlSigners.isEmpty()) {
        throw e;
      }
      return IntermediateCrls.signer(crl, caCertificates, crlSigners, now);
    }
  }

  /** The CA certificate, among those given, with the CRL's issuer name and a key that verifies it. */
  private static X509Certificate signer(X509CRL crl, Collection<X509Certificate> caCertificates) throws RevocationListException {
    String issuer = crl.getIssuerX500Principal().getName();
    boolean named = false;
    for (X509Certificate ca : caCertificates) {
      if (!ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
        continue;
      }
      named = true;
      boolean[] keyUsage = ca.getKeyUsage();
      if (keyUsage != null && (keyUsage.length <= 6 || !keyUsage[6])) {
        continue;
      }
      try {
        crl.verify(ca.getPublicKey());
        return ca;
      } catch (GeneralSecurityException | RuntimeException e) {
        // another certificate of the same name may hold the key
      }
    }
    throw new RevocationListException(Failure.BAD_SIGNATURE, named
        ? "the CRL of " + issuer + " is not signed by the key of any CA certificate of that name given (or none may sign CRLs)"
        : "the CRL is issued by " + issuer + ", which is none of the CA certificates given");
  }
}
