package io.keyfleet.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events off the reconcile path: a bounded queue and one writer thread, so a
 * burst of issuance never waits on event writes; when the queue is full, events are dropped and
 * counted rather than slowing reconciles (events are best-effort in Kubernetes too). Messages must
 * never carry key material.
 */
public final class EventRecorder implements AutoCloseable {
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final String instance;
  private final Clock clock;
  private final ThreadPoolExecutor writer;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();

  public EventRecorder(KubernetesClient client, String instance, Clock clock) {
    this.client = client;
    this.instance = instance;
    this.clock = clock;
    this.writer =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
          Thread t = new Thread(r, "event-recorder");
          t.setDaemon(true);
          return t;
        }, (r, executor) -> dropped.incrementAndGet());
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, NORMAL, reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    record(object, WARNING, reason, message);
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    var meta = object.getMetadata();
    String now = Conditions.format(clock.instant());
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(meta.getNamespace())
            .withName(meta.getName() + "." + Long.toHexString(System.currentTimeMillis()) + Long.toHexString(sequence.incrementAndGet()))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withName(meta.getName())
                    .withNamespace(meta.getNamespace())
                    .withUid(meta.getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(StatusPatch.FIELD_MANAGER)
            .endSource()
            .withReportingComponent(StatusPatch.FIELD_MANAGER)
            .withReportingInstance(instance)
            .build();
    writer.execute(() -> {
      try {
        client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
      } catch (RuntimeException e) {
        LOG.debug("event not recorded reason={} object={}/{}: {}", reason, meta.getNamespace(), meta.getName(), e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    writer.shutdown();
    if (dropped.get() > 0) {
      LOG.warn("events dropped because the event queue was full count={}", dropped.get());
    }
  }
}
