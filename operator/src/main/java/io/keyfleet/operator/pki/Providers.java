package io.keyfleet.operator.pki;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance this package uses.
 *
 * <p>Why a holder: every JCA lookup here names this provider explicitly so that Ed25519, the
 * named curves and PEM conversions behave the same on every JDK; registering it once (if nobody
 * else did) also lets code that looks providers up by name ({@code "BC"}) find it.
 */
final class Providers {
  private static final Provider BC;

  static {
    Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    if (registered == null) {
      Security.addProvider(new BouncyCastleProvider());
      registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    }
    BC = registered;
  }

  private Providers() {}

  /** The registered Bouncy Castle provider. */
  static Provider bouncyCastle() {
    return BC;
  }
}
