package io.keyfleet.connector;

import io.keyfleet.connector.RevocationListException.Failure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One bounded HTTP(S) GET of a CRL: at most {@code maxBytes} of body (a larger declared length
 * fails before reading, a longer body fails as soon as it passes the limit) and at most
 * {@code timeout} for the whole exchange, body included.
 */
final class CrlDownload {
  private CrlDownload() {}

  static byte[] fetch(HttpClient client, URI url, long maxBytes, Duration timeout) throws RevocationListException {
    String scheme = url.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new RevocationListException(Failure.UNAVAILABLE, "the CRL URL " + url + " is not http or https");
    }
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Accept", "application/pkix-crl, application/x-pem-file;q=0.9, */*;q=0.1")
        .GET()
        .build();
    CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, info -> info.statusCode() == 200
        ? new CappedBody(maxBytes, info.headers().firstValueAsLong("Content-Length"))
        : BodySubscribers.replacing(new byte[0]));
    HttpResponse<byte[]> response;
    try {
      response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new RevocationListException(Failure.UNAVAILABLE, "fetching the CRL from " + url + " took longer than " + timeout, e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new RevocationListException(Failure.UNAVAILABLE, "interrupted while fetching the CRL from " + url, e);
    } catch (ExecutionException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof TooLarge) {
          throw new RevocationListException(Failure.TOO_LARGE, "the CRL at " + url + " is larger than " + maxBytes + " bytes", e.getCause());
        }
      }
      throw new RevocationListException(Failure.UNAVAILABLE, "cannot fetch the CRL from " + url + ": " + e.getCause(), e.getCause());
    }
    if (response.statusCode() != 200) {
      throw new RevocationListException(Failure.UNAVAILABLE, "fetching the CRL from " + url + " answered HTTP " + response.statusCode());
    }
    return response.body();
  }

  /** The body exceeds the limit. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("more than " + limit + " bytes");
    }
  }

  /** Collects the body into memory, up to a limit; past it, cancels the download. */
  private static final class CappedBody implements BodySubscriber<byte[]> {
    private final long maxBytes;
    private final OptionalLong declaredLength;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    CappedBody(long maxBytes, OptionalLong declaredLength) {
      this.maxBytes = maxBytes;
      this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      if (declaredLength.isPresent() && declaredLength.getAsLong() > maxBytes) {
        subscription.cancel();
        body.completeExceptionally(new TooLarge(maxBytes));
        return;
      }
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (buffer.size() + (long) item.remaining() > maxBytes) {
          subscription.cancel();
          body.completeExceptionally(new TooLarge(maxBytes));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      body.complete(buffer.toByteArray());
    }
  }
}
