package io.keyfleet.operator.pki;

/** A minimal openssl req config for self-signed test CAs made outside Keyfleet. */
final class OpensslCa {
  private OpensslCa() {}

  /** A usual CA: CA:true, keyCertSign and cRLSign, a subject key identifier. */
  static final String CA_EXTENSIONS =
      """
      basicConstraints = critical,CA:true
      keyUsage = critical,keyCertSign,cRLSign
      subjectKeyIdentifier = hash""";

  /** A config whose x509 extensions section holds exactly the given lines. */
  static String config(String extensions) {
    return """
        [req]
        distinguished_name = dn
        prompt = no
        x509_extensions = ext

        [dn]
        CN = Imported CA

        [ext]
        """
        + extensions
        + "\n";
  }
}
