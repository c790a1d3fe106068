package io.keyfleet.operator.campaign;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.operator.metrics.StatusGauges;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.EventRecorder;
import io.keyfleet.operator.status.Indexes;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reconciles a campaign: hands it to the handler of its phase (Pending, Publishing, Rolling,
 * Paused, RollingBack; the final phases only keep their status), lets phases follow each other
 * within one reconcile, then patches the status once and records the Events the phases noted.
 */
@ControllerConfiguration(name = UpdateCampaignReconciler.NAME)
public class UpdateCampaignReconciler implements Reconciler<UpdateCampaign> {
  public static final String NAME = "updatecampaign";
  static final String BY_FLEET = "byFleet";
  private static final int MAX_TRANSITIONS = 6;
  /** Counts alone reach the status at most this often; phase, wave and condition changes at once. */
  static final Duration MIN_COUNT_INTERVAL = Duration.ofMillis(500);

  private final Clock clock;
  private final EventRecorder events;
  private final DeviceLedgerSource devices;
  private final Rollout rollout;
  private final Publication publication;
  private final Map<CampaignPhase, PhaseHandler> handlers = new EnumMap<>(CampaignPhase.class);
  private final Map<String, Instant> lastWrite = new java.util.concurrent.ConcurrentHashMap<>();

  private final StatusGauges gauges;

  public UpdateCampaignReconciler(Clock clock, EventRecorder events, DeviceLedgerSource devices, DeviceLedger ledger, UpdateAssigner assigner,
      ManifestPublisher publisher, ManifestSequence sequences, StatusGauges gauges) {
    this.clock = clock;
    this.gauges = gauges;
    this.events = events;
    this.devices = devices;
    this.rollout = new Rollout(ledger, assigner);
    this.publication = new Publication(publisher, sequences);
    handlers.put(CampaignPhase.Pending, new PendingPhase());
    handlers.put(CampaignPhase.Publishing, new PublishingPhase(publication));
    handlers.put(CampaignPhase.Rolling, new RollingPhase(rollout));
    handlers.put(CampaignPhase.Paused, new PausedPhase());
    handlers.put(CampaignPhase.RollingBack, new RollingBackPhase(publication, rollout));
    PhaseHandler finished = new FinishedPhase(rollout, publication);
    for (CampaignPhase phase : List.of(CampaignPhase.Succeeded, CampaignPhase.Failed, CampaignPhase.Aborted, CampaignPhase.RolledBack)) {
      handlers.put(phase, finished);
    }
  }

  @Override
  public List<EventSource<?, UpdateCampaign>> prepareEventSources(EventSourceContext<UpdateCampaign> context) {
    // The campaign gauges are read from this cache at each scrape: a deleted campaign leaves with it.
    gauges.watchCampaigns(context.getPrimaryCache());
    return List.of(
        Indexes.referencedByName(context, DeviceFleet.class, UpdateCampaign.class, BY_FLEET, c -> c.getSpec().getFleetRef().getName()),
        devices);
  }

  @Override
  public UpdateControl<UpdateCampaign> reconcile(UpdateCampaign campaign, Context<UpdateCampaign> context) throws Exception {
    var fleet = context.getSecondaryResource(DeviceFleet.class);
    UpdateCampaignStatus current = campaign.getStatus();
    UpdateCampaignStatus desired = current == null ? new UpdateCampaignStatus() : StatusPatch.copy(current);
    long generation = campaign.getMetadata().getGeneration();
    desired.setObservedGeneration(generation);
    if (desired.getPhase() == null) {
      desired.setPhase(CampaignPhase.Pending);
    }
    CampaignStep step = new CampaignStep(campaign, fleet, desired, clock.instant());
    for (int i = 0; i < MAX_TRANSITIONS; i++) {
      PhaseHandler handler = handlers.get(desired.getPhase());
      CampaignPhase next = handler.handle(step);
      if (next == desired.getPhase()) {
        break;
      }
      desired.setPhase(next);
    }
    desired.setConditions(Conditions.merge(desired.getConditions(), step.decisions(), generation, clock));
    String key = Indexes.key(campaign);
    Instant now = clock.instant();
    Instant last = lastWrite.get(key);
    if (last != null && current != null && !current.equals(desired) && CampaignStatusDiff.countsOnly(current, desired)
        && now.isBefore(last.plus(MIN_COUNT_INTERVAL))) {
      // Only counts moved and they were written a moment ago: write them a little later, once.
      return UpdateControl.<UpdateCampaign>noUpdate().rescheduleAfter(Duration.between(now, last.plus(MIN_COUNT_INTERVAL)).toMillis() + 1);
    }
    UpdateCampaign patch = StatusPatch.patchIfChanged(campaign, current, desired, UpdateCampaign::new);
    if (patch != null) {
      // Written here rather than by the framework, so that the patched campaign goes into the cache
      // at once: the next reconcile must never decide from a copy older than this status (it
      // would plan the waves again, or take another sequence number).
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(campaign, patch, context);
      lastWrite.put(key, now);
    }
    UpdateControl<UpdateCampaign> control = UpdateControl.noUpdate();
    for (var note : step.notes()) {
      if (note.warning()) {
        events.warning(campaign, note.reason(), note.message());
      } else {
        events.normal(campaign, note.reason(), note.message());
      }
    }
    step.recheck().ifPresent(d -> control.rescheduleAfter(Math.max(50, d.toMillis())));
    return control;
  }
}
