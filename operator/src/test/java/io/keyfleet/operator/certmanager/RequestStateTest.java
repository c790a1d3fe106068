package io.keyfleet.operator.certmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.fabric8.certmanager.api.model.v1.CertificateRequestBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateRequestCondition;
import io.fabric8.certmanager.api.model.v1.CertificateRequestConditionBuilder;
import io.keyfleet.operator.certmanager.RequestState.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestStateTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  static final Instant NOW = CLOCK.instant();
  /** The request was created a minute ago; the conditions changed 30 s ago. */
  static final Instant CREATED = NOW.minusSeconds(60);
  static final Instant CHANGED = NOW.minusSeconds(30);

  /**
   * A condition cell: {@code Type=Status} or {@code Type=Status/Reason/Message}; {@code -} for none.
   * The reasons and messages are the ones cert-manager v1 writes.
   */
  @ParameterizedTest(name = "[{0}] [{1}] [{2}] certificate={3} -> {4} {5}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
    // Approved | Denied | Ready | status.certificate | phase | said()
    "-                | -  | -  | false | AwaitingApproval | waiting for an approver",
    "Approved=False   | -  | -  | false | AwaitingApproval | waiting for an approver",
    "Approved=True/cert-manager.io/Approved by approver | - | - | false | Pending | approved, waiting for the issuer",
    "Approved=True    | -  | Ready=False/Pending/Waiting on certificate issuance from order default/pump-1: \"pending\" | false"
        + " | Pending | Pending: Waiting on certificate issuance from order default/pump-1: \"pending\"",
    "Approved=True    | -  | Ready=False/Pending/Referenced \"Issuer\" not found: issuer.cert-manager.io \"ca\" not found | false"
        + " | Pending | Pending: Referenced \"Issuer\" not found: issuer.cert-manager.io \"ca\" not found",
    // the issuer wrote Ready=True, but status.certificate is not there (yet): still waiting
    "Approved=True    | -  | Ready=True/Issued/Certificate fetched from issuer successfully | false"
        + " | Pending | Issued: Certificate fetched from issuer successfully",
    "Approved=True    | -  | Ready=True/Issued/Certificate fetched from issuer successfully | true"
        + " | Issued | Issued: Certificate fetched from issuer successfully",
    "Approved=True    | -  | Ready=False/Failed/The CSR PEM requests a commonName that is not allowed | false"
        + " | Failed | Failed: The CSR PEM requests a commonName that is not allowed",
    "Approved=True    | -  | Ready=False/Failed | false | Failed | Failed",
    "-                | Denied=True/policy.cert-manager.io/no policy matched | Ready=False/Denied/The CertificateRequest was denied by an approval controller | false"
        + " | Denied | policy.cert-manager.io: no policy matched",
    "-                | Denied=True/policy.cert-manager.io/no policy matched | - | false | Denied | policy.cert-manager.io: no policy matched",
    // cert-manager marks a denied request Ready=False/Denied; that alone is enough
    "-                | -  | Ready=False/Denied/The CertificateRequest was denied by an approval controller | false"
        + " | Denied | Denied: The CertificateRequest was denied by an approval controller",
    // a denial wins even over a certificate (an approver changed its mind; cert-manager does not sign denied requests)
    "Approved=True    | Denied=True/Denied/by hand | Ready=True/Issued/ok | true | Denied | Denied: by hand",
    "Approved=True    | Denied=False | -  | false | Pending | approved, waiting for the issuer",
    // not approved, but the issuer already said something: what it said is shown
    "-                | -  | Ready=False/Pending/Waiting for approval | false | Pending | Pending: Waiting for approval",
    // Ready=False with another reason is not a refusal
    "Approved=True    | -  | Ready=False/InvalidRequest/bad | false | Pending | InvalidRequest: bad",
    // no reason, no message from the issuer yet
    "Approved=True    | -  | Ready=Unknown | false | Pending | approved, waiting for the issuer",
  })
  void readsTheConditions(String approved, String denied, String ready, boolean hasCertificate, Phase phase, String said) {
    RequestState state = RequestState.of(conditions(approved, denied, ready), hasCertificate, CREATED, NOW);

    assertThat(state.phase()).isEqualTo(phase);
    assertThat(state.said()).isEqualTo(said == null ? "" : said);
    assertThat(state.retryAt() == null).as("retryAt %s", state.retryAt()).isEqualTo(phase == Phase.Issued);
    assertThat(state.retryNow()).isFalse();
  }

  @ParameterizedTest(name = "waited {0} -> look again in {1}")
  @CsvSource({
    // how long the request has waited, when to look again (the same, within 5 s and 5 min)
    "PT0S,   PT5S",
    "PT1S,   PT5S",
    "PT5S,   PT5S",
    "PT6S,   PT6S",
    "PT1M,   PT1M",
    "PT4M59S, PT4M59S",
    "PT5M,   PT5M",
    "PT5M1S, PT5M",
    "PT24H,  PT5M",
    "-PT1M,  PT5S", // created "in the future" (clock skew between the API server and us)
  })
  void aWaitingRequestIsLookedAtAgainAfterAsLongAsItWaited(Duration waited, Duration next) {
    for (String approved : new String[] {"-", "Approved=True"}) {
      RequestState state = RequestState.of(conditions(approved, "-", "-"), false, NOW.minus(waited), NOW);

      assertThat(state.retryAt()).as(approved).isEqualTo(NOW.plus(next));
      assertThat(state.retryNow()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0} {1} ago -> retry at +{2}, now={3}")
  @CsvSource({
    // the refusal, how long ago it happened, when it is asked again (after the refusal), whether now
    "Ready=False/Failed/boom, PT0S,   PT5M, false",
    "Ready=False/Failed/boom, PT4M59S, PT5M, false",
    "Ready=False/Failed/boom, PT5M,   PT5M, true",
    "Ready=False/Failed/boom, PT2H,   PT5M, true",
    "Ready=False/Denied/no,   PT59M,  PT1H, false",
    "Ready=False/Denied/no,   PT1H,   PT1H, true",
    "Denied=True/Denied/no,   PT30M,  PT1H, false",
    "Denied=True/Denied/no,   PT61M,  PT1H, true",
  })
  void aRefusedRequestIsAskedAgainAfterItsBackOff(String condition, Duration ago, Duration backoff, boolean now) {
    Instant refused = NOW.minus(ago);
    CertificateRequestCondition c = condition(condition);
    c.setLastTransitionTime(refused.toString());

    RequestState state = RequestState.of(List.of(approvedCondition(), c), false, refused.minusSeconds(10), NOW);

    assertThat(state.retryAt()).isEqualTo(refused.plus(backoff));
    assertThat(state.retryNow()).isEqualTo(now);
  }

  @Test
  void withoutATransitionTimeTheBackOffCountsFromTheRequestsCreation() {
    CertificateRequestCondition failed = condition("Ready=False/Failed/boom");

    RequestState state = RequestState.of(List.of(failed), false, CREATED, NOW);

    assertThat(state.retryAt()).isEqualTo(CREATED.plus(RequestState.FAILED_BACKOFF));
    assertThat(state.retryNow()).isFalse();
    assertThat(RequestState.of(List.of(failed), false, CREATED, CREATED.plus(RequestState.FAILED_BACKOFF)).retryNow()).isTrue();
  }

  @Test
  void readsACertificateRequestAsTheApiServerReturnsIt() {
    CertificateRequest issued = new CertificateRequestBuilder()
        .withNewMetadata().withName("pump-1-r1").withNamespace("hospital-a").withCreationTimestamp(CREATED.toString()).endMetadata()
        .withNewStatus()
        .withConditions(approvedCondition(), condition("Ready=True/Issued/Certificate fetched from issuer successfully"))
        .withCertificate("LS0tLS1CRUdJTi...")
        .endStatus()
        .build();
    CertificateRequest fresh = new CertificateRequestBuilder()
        .withNewMetadata().withName("pump-1-r1").withNamespace("hospital-a").withCreationTimestamp(CREATED.toString()).endMetadata()
        .build();
    CertificateRequest noCertificate = new CertificateRequestBuilder(issued).editStatus().withCertificate("").endStatus().build();

    assertThat(RequestState.of(issued, NOW).phase()).isEqualTo(Phase.Issued);
    assertThat(RequestState.of(fresh, NOW)).isEqualTo(new RequestState(Phase.AwaitingApproval, null, "waiting for an approver",
        NOW.plusSeconds(60), false));
    assertThat(RequestState.of(noCertificate, NOW).phase()).isEqualTo(Phase.Pending);
  }

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource(nullValues = "null", value = {
    "Failed, boom, 'Failed: boom'",
    "Failed, null, Failed",
    "null, boom, boom",
    "null, null, ''",
  })
  void saysWhatCertManagerSaid(String reason, String message, String said) {
    assertThat(new RequestState(Phase.Failed, reason, message, NOW, false).said()).isEqualTo(said);
  }

  private static List<CertificateRequestCondition> conditions(String... cells) {
    List<CertificateRequestCondition> all = new ArrayList<>();
    for (String cell : cells) {
      if (!cell.isBlank() && !cell.strip().equals("-")) {
        all.add(condition(cell.strip()));
      }
    }
    return all;
  }

  private static CertificateRequestCondition approvedCondition() {
    return condition("Approved=True/cert-manager.io/Approved");
  }

  /** {@code Type=Status[/Reason[/Message]]}; the message may hold further slashes. */
  private static CertificateRequestCondition condition(String cell) {
    String[] typeAndRest = cell.split("=", 2);
    String[] parts = typeAndRest[1].split("/", 3);
    return new CertificateRequestConditionBuilder()
        .withType(typeAndRest[0])
        .withStatus(parts[0])
        .withReason(parts.length > 1 ? parts[1] : null)
        .withMessage(parts.length > 2 ? parts[2] : null)
        .build();
  }
}
