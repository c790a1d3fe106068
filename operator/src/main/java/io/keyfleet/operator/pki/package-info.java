/**
 * Pure X.509 and key-handling for device identities: key pairs, the fleet CA, certificate
 * issuance, CSR checks, CRLs, PEM and data-key wrapping.
 *
 * <p>Nothing here talks to Kubernetes, logs, or reads the wall clock: callers pass a {@link
 * java.time.Clock} so that issuance is reproducible in tests. Every cryptographic operation goes
 * through the Bouncy Castle provider (see {@code Providers}) so that behaviour does not depend on
 * which JDK the operator image ships. No class here puts key material into a {@code toString},
 * an exception message or a log line.
 */
package io.keyfleet.operator.pki;
