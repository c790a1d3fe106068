package io.keyfleet.connector;

/**
 * What the connector fetched from the registry for an assignment, as bytes: the OCI manifest (by
 * the assigned digest), its single layer (the update manifest JSON), and the cosign signature
 * (the simple-signing payload layer of the {@code sha256-<hex>.sig} manifest and the base64
 * signature of its {@code dev.cosignproject.cosign/signature} annotation).
 */
public record SignedUpdate(byte[] ociManifest, byte[] updateManifest, byte[] signaturePayload, String signatureBase64) {}
