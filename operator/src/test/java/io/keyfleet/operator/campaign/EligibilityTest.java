package io.keyfleet.operator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.UpdateCampaignSpec;
import io.keyfleet.api.v1alpha1.campaign.DeviceSelector;
import io.keyfleet.api.v1alpha1.campaign.FirmwareSpec;
import io.keyfleet.api.v1alpha1.campaign.LabelRequirement;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import io.keyfleet.operator.campaign.Eligibility.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EligibilityTest {
  static UpdateCampaignSpec spec() {
    UpdateCampaignSpec spec = new UpdateCampaignSpec();
    FirmwareSpec f = new FirmwareSpec();
    f.setVersion("2.4.1");
    f.setModels(List.of("pump-x2"));
    f.setMinimumVersion("2.0.0");
    spec.setFirmware(f);
    DeviceSelector s = new DeviceSelector();
    s.getMatchLabels().put("ward", "icu");
    LabelRequirement r = new LabelRequirement();
    r.setKey("hold");
    r.setOperator(LabelRequirement.Operator.DoesNotExist);
    s.getMatchExpressions().add(r);
    spec.setSelector(s);
    return spec;
  }

  @ParameterizedTest(name = "ward={0} hold={1} revoked={2} ready={3} model={4} running={5} -> {6}")
  @CsvSource({
    "icu,  , false, true,  pump-x2, 2.3.0, ELIGIBLE",
    "er,   , false, true,  pump-x2, 2.3.0, NOT_SELECTED",
    "icu, x, false, true,  pump-x2, 2.3.0, NOT_SELECTED", // DoesNotExist
    "icu,  , true,  true,  pump-x2, 2.3.0, REVOKED",
    "icu,  , false, false, pump-x2, 2.3.0, NOT_READY",
    "icu,  , false, true,  pump-x1, 2.3.0, WRONG_MODEL",
    "icu,  , false, true,  pump-x2, 1.9.0, TOO_OLD",
    "icu,  , false, true,  pump-x2,      , TOO_OLD", // unknown version with a minimum: not safe
    "icu,  , false, true,  pump-x2, 2.4.1, ALREADY_UPDATED",
    "icu,  , false, true,  pump-x2, v2.4.1, ALREADY_UPDATED",
  })
  void decides(String ward, String hold, boolean revoked, boolean ready, String model, String running, Verdict expected) {
    Map<String, String> labels = new java.util.HashMap<>(Map.of("ward", ward));
    if (hold != null) {
      labels.put("hold", hold);
    }
    var device = new DeviceLedger.Device("uid", "ns", "d", "fleet", "D-1", model, labels, revoked, ready, running, null, null, null, null);
    assertThat(Eligibility.check(device, spec())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "assigned by {0} (sequence {1}), reported {2} on {3} -> {4}")
  @CsvSource({
    // assigning campaign, its sequence, reported state, reported sequence, expected for campaign "x2-2.4.1"
    ",          ,  ,           ,  ELIGIBLE", // never assigned
    "x1-2.3.9,  4, Installing, 4, BUSY", // another campaign's update is under way
    "x1-2.3.9,  4, ,           ,  BUSY", // assigned, no report yet
    "x1-2.3.9,  4, Succeeded,  4, ELIGIBLE", // the other campaign is done with it
    "x1-2.3.9,  4, Rejected,   4, ELIGIBLE",
    "x1-2.3.9,  4, Succeeded,  3, BUSY", // a result for an older manifest
    "x2-2.4.1,  2, Installing, 2, ELIGIBLE", // this campaign's own earlier run: the rollout decides
  })
  void anotherCampaignsUnfinishedUpdateMakesADeviceBusy(String campaign, Long sequence, UpdateState reported, Long reportedSequence,
      Verdict expected) {
    var assignment = campaign == null ? null : new DeviceLedger.Assignment(campaign, sequence, "2.3.9", java.time.Instant.EPOCH, 0, false);
    var device = new DeviceLedger.Device("uid", "ns", "d", "fleet", "D-1", "pump-x2", Map.of("ward", "icu"), false, true, "2.3.0",
        reported, campaign, reportedSequence, assignment);
    assertThat(Eligibility.check(device, spec(), "x2-2.4.1")).isEqualTo(expected);
  }
}
