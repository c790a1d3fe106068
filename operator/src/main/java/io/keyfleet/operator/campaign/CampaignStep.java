package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Conditions.Decision;
import io.keyfleet.operator.status.Indexes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One reconcile of a campaign, as the phase handlers see it: the campaign, its fleet, the status
 * being built, the time, and what the handlers decided (conditions, Events, when to look again).
 */
public final class CampaignStep {
  public static final String PUBLISHED = "Published";
  public static final String PROGRESSING = "Progressing";

  /** An Event to record once the status is written. */
  public record Note(boolean warning, String reason, String message) {}

  private final UpdateCampaign campaign;
  private final Optional<DeviceFleet> fleet;
  private final UpdateCampaignStatus status;
  private final Instant now;
  private final Map<String, Decision> decisions = new LinkedHashMap<>();
  private final List<Note> notes = new ArrayList<>();
  private Duration recheck;

  public CampaignStep(UpdateCampaign campaign, Optional<DeviceFleet> fleet, UpdateCampaignStatus status, Instant now) {
    this.campaign = campaign;
    this.fleet = fleet;
    this.status = status;
    this.now = now;
    // What the status said stays true unless a handler decides otherwise.
    for (var c : status.getConditions()) {
      decisions.put(c.getType(), new Decision(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
    }
  }

  public UpdateCampaign campaign() {
    return campaign;
  }

  public DeviceFleet fleet() {
    return fleet.orElseThrow();
  }

  public Optional<DeviceFleet> fleetIfAny() {
    return fleet;
  }

  public UpdateCampaignStatus status() {
    return status;
  }

  public Instant now() {
    return now;
  }

  public String key() {
    return Indexes.key(campaign);
  }

  public String fleetKey() {
    return Indexes.key(campaign.getMetadata().getNamespace(), campaign.getSpec().getFleetRef().getName());
  }

  public CampaignPhase phase() {
    return status.getPhase();
  }

  public void decide(Decision decision) {
    decisions.put(decision.type(), decision);
  }

  /** The conditions decided, Ready first. */
  public List<Decision> decisions() {
    List<Decision> all = new ArrayList<>(decisions.values());
    all.sort((a, b) -> a.type().equals("Ready") ? -1 : b.type().equals("Ready") ? 1 : a.type().compareTo(b.type()));
    return all;
  }

  public void event(String reason, String message) {
    notes.add(new Note(false, reason, message));
  }

  public void warning(String reason, String message) {
    notes.add(new Note(true, reason, message));
  }

  public List<Note> notes() {
    return notes;
  }

  /** Asks to look again within {@code d} (the earliest ask wins). */
  public void recheckWithin(Duration d) {
    if (recheck == null || d.compareTo(recheck) < 0) {
      recheck = d.isNegative() ? Duration.ZERO : d;
    }
  }

  public Optional<Duration> recheck() {
    return Optional.ofNullable(recheck);
  }

  public String format(Instant instant) {
    return Conditions.format(instant);
  }
}
