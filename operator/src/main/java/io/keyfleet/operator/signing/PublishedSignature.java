package io.keyfleet.operator.signing;

/**
 * A cosign signature stored next to the artifact it signs.
 *
 * @param reference {@code repository:sha256-<hex>.sig}, the tag cosign looks up
 * @param digest the {@code .sig} manifest's digest
 * @param keyId the signing key's id ({@link SigningKey#idOf})
 */
public record PublishedSignature(String reference, String digest, String keyId) {}
