/**
 * The cert-manager issuer mode: device certificates and the fleet's CRL-signing certificate are
 * asked of a cert-manager Issuer or ClusterIssuer through CertificateRequests; the decisions about
 * a request's state are pure functions ({@link io.keyfleet.operator.certmanager.RequestState}).
 */
package io.keyfleet.operator.certmanager;
