package io.keyfleet.connector;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks a TLS peer with PKIX against the trust anchors and one CRL: no OCSP, no fallback, and
 * the CRL comes only from memory (the JDK fetches distribution points itself only when the
 * system property {@code com.sun.security.enableCRLDP} is true, which this does not set). Each
 * check runs at the revocation list's clock's time and first refuses a stale CRL.
 */
final class CrlTrustManager extends X509ExtendedTrustManager {
  private final Set<TrustAnchor> anchors;
  private final X509Certificate[] acceptedIssuers;
  private final RevocationList revocations;

  CrlTrustManager(Collection<X509Certificate> trustAnchors, RevocationList revocations) {
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("a trust manager needs at least one trust anchor");
    }
    this.anchors = trustAnchors.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    this.acceptedIssuers = trustAnchors.toArray(X509Certificate[]::new);
    this.revocations = revocations;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix().checkClientTrusted(chain, authType);
    refuseRevokedUnderIndirectCrl(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix().checkServerTrusted(chain, authType);
    refuseRevokedUnderIndirectCrl(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    pkix().checkClientTrusted(chain, authType, socket);
    refuseRevokedUnderIndirectCrl(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    pkix().checkServerTrusted(chain, authType, socket);
    refuseRevokedUnderIndirectCrl(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    pkix().checkClientTrusted(chain, authType, engine);
    refuseRevokedUnderIndirectCrl(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    pkix().checkServerTrusted(chain, authType, engine);
    refuseRevokedUnderIndirectCrl(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return acceptedIssuers.clone();
  }

  /** Under an indirect CRL: refuses a chain whose certificates from the covered CA are on it. */
  private void refuseRevokedUnderIndirectCrl(X509Certificate[] chain) throws CertificateException {
    if (!revocations.indirect()) {
      return;
    }
    if (chain.length == 0 || !chain[0].getIssuerX500Principal().equals(revocations.issuer().getSubjectX500Principal())) {
      // As PKIX does with a direct CRL: a peer this CRL does not cover has no known status.
      throw new CertificateException("the peer is not issued by " + revocations.issuer().getSubjectX500Principal().getName()
          + ", whose CRL this is: its revocation status is unknown");
    }
    for (X509Certificate certificate : chain) {
      if (!certificate.getIssuerX500Principal().equals(revocations.issuer().getSubjectX500Principal())) {
        continue;
      }
      try {
        if (revocations.isRevoked(certificate)) {
          throw new CertificateException("the certificate " + certificate.getSubjectX500Principal().getName() + " (serial "
              + certificate.getSerialNumber().toString(16) + ") is revoked by the fleet's CRL");
        }
      } catch (RevocationListException e) {
        throw new CertificateException("revocation cannot be checked: " + e.getMessage(), e);
      }
    }
  }

  /** The JDK's PKIX trust manager for this moment: anchors, the CRL (revocation on, for a direct CRL). */
  private X509ExtendedTrustManager pkix() throws CertificateException {
    try {
      revocations.requireCurrent();
    } catch (RevocationListException e) {
      throw new CertificateException("revocation cannot be checked: " + e.getMessage(), e);
    }
    try {
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
      // The certificates published with the CRL (an intermediate CA, the issuer's own
      // intermediates) complete a peer's path even when it sends only its own certificate.
      parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(revocations.intermediates())));
      if (revocations.indirect()) {
        // The JDK's PKIX, like openssl, takes an indirect CRL only when the certificate's CRL
        // distribution point names the CRL signer, which a cert-manager issuer cannot write:
        // the chain is built here, revocation checked against the verified list after it.
        parameters.setRevocationEnabled(false);
      } else {
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(revocations.crl()))));
        parameters.setRevocationEnabled(true);
        PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX").getRevocationChecker();
        // The fleet's CRL covers the devices only: an intermediate above them is the issuer CA's
        // business (its own CRL, if it publishes one).
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK,
            PKIXRevocationChecker.Option.ONLY_END_ENTITY));
        parameters.addCertPathChecker(checker);
      }
      parameters.setDate(Date.from(revocations.clock().instant()));
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(new CertPathTrustManagerParameters(parameters));
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new CertificateException("the PKIX trust manager factory made no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new CertificateException("cannot set up PKIX checking with the CRL: " + e.getMessage(), e);
    }
  }
}
