/**
 * Talking to an OCI registry: resolving firmware references to digests, pushing the fleet's
 * update manifests as artifacts whose {@code subject} is the firmware (so the OCI 1.1 referrers
 * API lists them), and pushing any single-layer image manifest (cosign signatures use that).
 *
 * <p>The transport is the ORAS Java SDK; everything whose bytes matter is built here so that a
 * digest is always computed from exactly the bytes the registry stores: manifests are
 * deterministic JSON ({@link io.keyfleet.operator.oci.CanonicalJson}), pushed by digest where
 * possible, and every digest the registry reports is compared with our own. Failures become a
 * checked {@link io.keyfleet.operator.oci.RegistryException} whose reason and message can go into
 * a Kubernetes condition as they are: no credentials, no response bodies beyond the registry's
 * error code. No class here puts credentials into a {@code toString}, a message or a log line.
 */
package io.keyfleet.operator.oci;
