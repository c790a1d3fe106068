package io.keyfleet.operator.metrics;

/**
 * The names of Keyfleet's own meters, as Micrometer names them. The Prometheus registry turns dots
 * into underscores and gives counters {@code _total}: {@code keyfleet.certificates.issued} is
 * scraped as {@code keyfleet_certificates_issued_total}. The Prometheus names (and their labels)
 * are a contract: the chart's alert rules and dashboard query them, and MetricsIT checks that every
 * name they use is exposed.
 */
public final class MetricNames {
  private MetricNames() {}

  public static final String CERTIFICATES_ISSUED = "keyfleet.certificates.issued";
  public static final String CERTIFICATES_RENEWED = "keyfleet.certificates.renewed";
  public static final String CERTIFICATES_ROTATED = "keyfleet.certificates.rotated";
  public static final String CERTIFICATES_REVOKED = "keyfleet.certificates.revoked";
  public static final String MANIFESTS_SIGNED = "keyfleet.manifests.signed";
  public static final String MANIFESTS_PUBLISHED = "keyfleet.manifests.published";
  public static final String REGISTRY_ERRORS = "keyfleet.registry.errors";

  public static final String FLEET_EARLIEST_EXPIRY = "keyfleet.fleet.certificate.earliest.expiry.timestamp.seconds";
  public static final String FLEET_DEVICES = "keyfleet.fleet.devices";
  public static final String CRL_AGE = "keyfleet.crl.age.seconds";
  public static final String CRL_NEXT_UPDATE = "keyfleet.crl.next.update.timestamp.seconds";
  public static final String CRL_ENTRIES = "keyfleet.crl.entries";
  public static final String CAMPAIGN_DEVICES = "keyfleet.campaign.devices";
  public static final String CAMPAIGN_CURRENT_WAVE = "keyfleet.campaign.current.wave";
  public static final String CAMPAIGN_PHASE = "keyfleet.campaign.phase";
  public static final String OPERATOR_LEADER = "keyfleet.operator.leader";

  /** The help text of each gauge, shown on the scrape's HELP lines. */
  static final java.util.Map<String, String> GAUGE_DESCRIPTIONS = java.util.Map.ofEntries(
      java.util.Map.entry(FLEET_EARLIEST_EXPIRY, "Earliest notAfter (Unix seconds) of the fleet's current, unrevoked device certificates"),
      java.util.Map.entry(FLEET_DEVICES, "The fleet's devices by state, as in the fleet's status.devices"),
      java.util.Map.entry(CRL_AGE, "Seconds since the fleet's CRL was signed (its thisUpdate)"),
      java.util.Map.entry(CRL_NEXT_UPDATE, "When the fleet's CRL stops being valid (its nextUpdate, Unix seconds)"),
      java.util.Map.entry(CRL_ENTRIES, "Certificates on the fleet's CRL"),
      java.util.Map.entry(CAMPAIGN_DEVICES, "The campaign's devices by state, as in the campaign's status.totals"),
      java.util.Map.entry(CAMPAIGN_CURRENT_WAVE, "Index of the campaign's current wave"),
      java.util.Map.entry(CAMPAIGN_PHASE, "1 for the campaign's current phase, 0 for the others"),
      java.util.Map.entry(OPERATOR_LEADER, "1 while this instance leads (or runs without leader election), else 0"));

  /** Label keys. */
  public static final String NAMESPACE = "namespace";
  public static final String FLEET = "fleet";
  public static final String CAMPAIGN = "campaign";
  public static final String STATE = "state";
  public static final String PHASE = "phase";
  public static final String OPERATION = "operation";
}
