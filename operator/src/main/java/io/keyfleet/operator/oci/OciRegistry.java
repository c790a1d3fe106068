package io.keyfleet.operator.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyfleet.operator.oci.RegistryException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import land.oras.ArtifactType;
import land.oras.ContainerRef;
import land.oras.Descriptor;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.ManifestDescriptor;
import land.oras.Referrers;
import land.oras.Registry;
import land.oras.auth.NoAuthProvider;
import land.oras.auth.UsernamePasswordProvider;
import land.oras.exception.OrasException;

/**
 * One registry host, reached with one set of credentials: resolves references to digests, pushes
 * manifests and their blobs, fetches them back, and lists referrers.
 *
 * <p>Why a wrapper around the ORAS SDK rather than the SDK itself: the bytes that get digested and
 * signed are built here ({@link OciManifest}) and every digest the registry reports is compared
 * with the digest of those bytes; every call is bounded by a timeout (the SDK has a 60 s connect
 * timeout and none for reading); and every failure becomes a {@link RegistryException} whose
 * message is fit for a condition. Create one per registry settings and reuse it: it holds an HTTP
 * client. It is safe for concurrent use.
 *
 * <p>References passed in must name this registry's host; repositories may differ (a fleet's
 * manifests and the firmware they point to usually live in different repositories), but note that
 * the referrers API lists a manifest only in the repository it was pushed to. ORAS also honours a
 * {@code registries.conf} (containers-registries.conf(5), which can rewrite or block references)
 * if the operator's image has one; it should have none.
 */
public final class OciRegistry {
  /** How long one registry call may take, connection and answer together. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "keyfleet-oci-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  private final String host;
  private final Duration timeout;
  private final Registry oras;

  /** A client with the default timeout of 10 s per call. */
  public OciRegistry(RegistrySettings settings) {
    this(settings, DEFAULT_TIMEOUT);
  }

  /** A client whose calls each give up after {@code timeout}. */
  public OciRegistry(RegistrySettings settings, Duration timeout) {
    Objects.requireNonNull(settings, "settings");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.host = settings.host();
    RegistryCredentials credentials = settings.credentials();
    this.oras =
        Registry.builder()
            .withRegistry(host)
            .withInsecure(settings.insecure())
            .withAuthProvider(
                credentials == null
                    ? new NoAuthProvider()
                    : new UsernamePasswordProvider(credentials.username(), credentials.password()))
            .withExecutorService(CALLS)
            .build();
  }

  /** The registry host (with port, if any). */
  public String host() {
    return host;
  }

  /**
   * Resolves a tag or digest reference to the manifest it names, by fetching the manifest and
   * digesting the bytes served.
   *
   * @throws RegistryException {@code ArtifactNotFound} if there is no such tag or digest, {@code
   *     DigestMismatch} if the bytes do not match the digest asked for or announced
   * @throws IllegalArgumentException if the reference is malformed or names another registry
   */
  public ResolvedArtifact resolve(String reference) throws RegistryException {
    OciReference ref = own(OciReference.parse(reference));
    Fetched manifest = fetch(ref, "resolve");
    JsonNode json = parseManifest(manifest.bytes, ref);
    String artifactType = text(json, "artifactType");
    if (artifactType == null && json.path("config").isObject()) {
      artifactType = text(json.path("config"), "mediaType");
    }
    String mediaType = manifest.mediaType != null ? manifest.mediaType : text(json, "mediaType");
    if (mediaType == null) {
      throw new RegistryException(
          Reason.RegistryError, "registry " + host + " served " + ref + " without a media type");
    }
    return new ResolvedArtifact(
        ref.repository(), manifest.digest, manifest.bytes.length, mediaType, artifactType);
  }

  /**
   * Pushes an update manifest (or any single-file artifact) as an OCI 1.1 artifact: {@code
   * payload} is its only layer, byte for byte, {@code mediaType} is both the layer's media type
   * and the {@code artifactType}, the config is the empty descriptor, and {@code subject} makes the
   * referrers API list it under the subject's digest. The manifest is pushed by digest (no tag).
   * Pushing the same again gives the same digest.
   *
   * @param repository where to push ({@code host/path} on this registry); the referrers API lists
   *     the manifest in this repository
   * @param subject the firmware artifact, or null
   * @param annotations manifest annotations (sorted; no timestamps are added)
   */
  public PublishedArtifact publishManifest(
      String repository,
      byte[] payload,
      String mediaType,
      ResolvedArtifact subject,
      Map<String, String> annotations)
      throws RegistryException {
    OciManifest manifest =
        OciManifest.artifact(mediaType, OciBlob.of(mediaType, payload), subject, annotations);
    return push(repository, null, manifest);
  }

  /**
   * Pushes the manifest's blobs, then the manifest, under {@code tag} or (if null) by its digest;
   * then fetches it back and checks the registry serves exactly these bytes.
   *
   * @throws RegistryException {@code DigestMismatch} if the registry reports or serves another
   *     digest; {@code RegistryError} if the manifest has a subject and the registry does not
   *     support the referrers API
   */
  public PublishedArtifact push(String repository, String tag, OciManifest manifest)
      throws RegistryException {
    Objects.requireNonNull(manifest, "manifest");
    OciReference target =
        own(
            tag == null
                ? OciReference.ofDigest(repository, manifest.digest())
                : OciReference.ofTag(repository, tag));
    for (OciBlob blob : manifest.blobs()) {
      OciReference blobRef = OciReference.ofDigest(repository, blob.digest());
      Layer pushed = call("push blob", blobRef, () -> oras.pushBlob(oras(blobRef), blob.content()));
      if (!blob.digest().equals(pushed.getDigest())) {
        throw mismatch("push blob", blobRef, pushed.getDigest());
      }
    }
    String json = new String(manifest.bytes(), StandardCharsets.US_ASCII);
    call("push manifest", target, () -> oras.pushManifest(oras(target), Manifest.fromJson(json)));
    Fetched stored = fetch(target, "check pushed manifest");
    if (!stored.digest.equals(manifest.digest())) {
      throw mismatch("push manifest", target, stored.digest);
    }
    return new PublishedArtifact(target.repository(), manifest.digest(), manifest.size());
  }

  /**
   * The manifest's bytes exactly as the registry serves them, checked against the digest the
   * registry announces and the one in the reference, if any.
   */
  public byte[] fetchManifest(String reference) throws RegistryException {
    return fetch(own(OciReference.parse(reference)), "fetch manifest").bytes;
  }

  /** A blob's bytes, checked against its digest. */
  public byte[] fetchBlob(String repository, String digest) throws RegistryException {
    OciReference ref = own(OciReference.ofDigest(repository, digest));
    byte[] bytes =
        call(
            "fetch blob",
            ref,
            () -> {
              try (InputStream in = oras.fetchBlob(oras(ref))) {
                return in.readAllBytes();
              }
            });
    String actual = Digests.sha256(bytes);
    if (!actual.equals(digest)) {
      throw mismatch("fetch blob", ref, actual);
    }
    return bytes;
  }

  /** The manifests in the subject's own repository that name it as their subject. */
  public List<Referrer> referrers(ResolvedArtifact subject, String artifactType)
      throws RegistryException {
    return referrers(subject.repository(), subject, artifactType);
  }

  /**
   * The manifests in {@code repository} that name {@code subject} as their subject, filtered by
   * {@code artifactType} (null: all). The filter is applied here too, for registries that ignore
   * it.
   *
   * @throws RegistryException {@code RegistryError} if the registry has no referrers API
   */
  public List<Referrer> referrers(String repository, ResolvedArtifact subject, String artifactType)
      throws RegistryException {
    OciReference ref = own(OciReference.ofDigest(repository, subject.digest()));
    Referrers referrers;
    try {
      referrers =
          call(
              "list referrers of",
              ref,
              () ->
                  oras.getReferrers(
                      oras(ref), artifactType == null ? null : ArtifactType.from(artifactType)));
    } catch (RegistryException e) {
      if (e.reason() == Reason.ArtifactNotFound) {
        throw new RegistryException(
            Reason.RegistryError,
            "registry " + host + " does not serve the OCI 1.1 referrers API (HTTP 404)",
            e);
      }
      throw e;
    }
    List<Referrer> result = new ArrayList<>();
    for (ManifestDescriptor d : referrers.getManifests()) {
      if (artifactType == null || artifactType.equals(d.getArtifactType())) {
        result.add(
            new Referrer(
                d.getDigest(), d.getSize(), d.getMediaType(), d.getArtifactType(), d.getAnnotations()));
      }
    }
    return List.copyOf(result);
  }

  @Override
  public String toString() {
    return "OciRegistry[" + host + "]";
  }

  /**
   * A manifest as served: its bytes, their digest, and the Content-Type. ORAS hands the body over
   * as a UTF-8 string; encoding it again gives the served bytes for any valid UTF-8 (which JSON
   * is), and anything else shows up as a digest mismatch, never as a silently different digest.
   */
  private record Fetched(byte[] bytes, String digest, String mediaType) {}

  private Fetched fetch(OciReference ref, String action) throws RegistryException {
    Descriptor descriptor = call(action, ref, () -> oras.getDescriptor(oras(ref)));
    if (descriptor.getJson() == null) {
      throw new RegistryException(
          Reason.RegistryError, "registry " + host + " sent no body to " + action + " " + ref);
    }
    byte[] bytes = descriptor.getJson().getBytes(StandardCharsets.UTF_8);
    String actual = Digests.sha256(bytes);
    if (descriptor.getDigest() != null && !actual.equals(descriptor.getDigest())) {
      throw mismatch(action, ref, descriptor.getDigest());
    }
    if (ref.digest() != null && !actual.equals(ref.digest())) {
      throw mismatch(action, ref, actual);
    }
    String mediaType = descriptor.getMediaType();
    if (mediaType != null) {
      mediaType = mediaType.split(";", 2)[0].trim();
    }
    return new Fetched(bytes, actual, mediaType == null || mediaType.isEmpty() ? null : mediaType);
  }

  private JsonNode parseManifest(byte[] bytes, OciReference ref) throws RegistryException {
    try {
      JsonNode json = CanonicalJson.parse(bytes, "manifest " + ref);
      if (!json.isObject()) {
        throw new IllegalArgumentException("manifest " + ref + " is not a JSON object");
      }
      return json;
    } catch (IllegalArgumentException e) {
      throw new RegistryException(Reason.RegistryError, e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  private OciReference own(OciReference ref) {
    if (!ref.registry().equalsIgnoreCase(host)) {
      throw new IllegalArgumentException(
          ref + " is on registry " + ref.registry() + ", not on " + host);
    }
    return ref;
  }

  private static ContainerRef oras(OciReference ref) {
    return ContainerRef.parse(ref.toString());
  }

  private RegistryException mismatch(String action, OciReference ref, String reported) {
    return new RegistryException(
        Reason.DigestMismatch,
        "registry "
            + host
            + " does not hold the bytes expected for "
            + action
            + " "
            + ref
            + " (it reports "
            + reported
            + ")");
  }

  /** Runs one SDK call on a daemon thread and waits at most the timeout for it. */
  private <T> T call(String action, OciReference target, Callable<T> sdkCall)
      throws RegistryException {
    Future<T> future = CALLS.submit(sdkCall);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new RegistryException(
          Reason.RegistryUnreachable,
          "registry "
              + host
              + " did not answer within "
              + seconds(timeout)
              + " to "
              + action
              + " "
              + target);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RegistryException(
          Reason.RegistryUnreachable, "interrupted while waiting to " + action + " " + target);
    } catch (ExecutionException e) {
      throw translate(action, target, e.getCause());
    }
  }

  /** Maps an SDK or I/O failure to a reason and a message without credentials or bodies. */
  private RegistryException translate(String action, OciReference target, Throwable failure) {
    String what = action + " " + target;
    Integer status = null;
    OrasException oras = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // ORAS reports I/O failures with status -1; only real HTTP statuses count here.
      if (t instanceof OrasException o && o.getStatusCode() != null && o.getStatusCode() >= 100) {
        oras = o;
        status = o.getStatusCode();
        break;
      }
    }
    if (status != null) {
      return switch (status) {
        case 401 -> new RegistryException(
            Reason.Unauthorized,
            "registry " + host + " did not accept the credentials (HTTP 401) to " + what,
            failure);
        case 403 -> new RegistryException(
            Reason.Unauthorized,
            "registry " + host + " denied access (HTTP 403) to " + what,
            failure);
        case 404 -> new RegistryException(
            Reason.ArtifactNotFound, target + " not found on registry " + host + " (HTTP 404)", failure);
        default -> new RegistryException(
            Reason.RegistryError,
            "registry " + host + " answered HTTP " + status + " to " + what + errorCode(oras),
            failure);
      };
    }
    // ORAS pushes a manifest with a subject, then fails (with this text) when the registry does not
    // answer with an OCI-Subject header, i.e. has no referrers API.
    String message = failure == null ? "" : String.valueOf(failure.getMessage());
    if (message.contains("Legacy flow not implemented")) {
      return new RegistryException(
          Reason.RegistryError,
          "registry "
              + host
              + " does not support the OCI 1.1 referrers API (no OCI-Subject header) to "
              + what,
          failure);
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new RegistryException(
            Reason.RegistryUnreachable,
            "TLS with registry " + host + " failed to " + what + " (" + t.getClass().getSimpleName() + ")",
            failure);
      }
      if (t instanceof IOException
          || t instanceof UnresolvedAddressException
          || t instanceof InterruptedIOException) {
        return new RegistryException(
            Reason.RegistryUnreachable,
            "cannot reach registry " + host + " to " + what + ": " + describeIo(t),
            failure);
      }
    }
    return new RegistryException(
        Reason.RegistryError,
        "registry " + host + " call failed to " + what + " ("
            + (failure == null ? "unknown" : failure.getClass().getSimpleName()) + ")",
        failure);
  }

  private static String describeIo(Throwable t) {
    if (t instanceof HttpConnectTimeoutException) {
      return "connect timed out";
    }
    if (t instanceof HttpTimeoutException) {
      return "timed out";
    }
    if (t instanceof ConnectException) {
      return "connection refused";
    }
    if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
      return "unknown host";
    }
    return t.getClass().getSimpleName();
  }

  /** The registry's own error code (e.g. MANIFEST_INVALID); never the response body. */
  private static String errorCode(OrasException e) {
    if (e == null || e.getError() == null || e.getError().code() == null) {
      return "";
    }
    String code = e.getError().code().toUpperCase(Locale.ROOT);
    return code.matches("[A-Z_]{1,64}") ? " (" + code + ")" : "";
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }
}
