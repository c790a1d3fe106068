package io.keyfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.connector.Refusal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static SimulatorOptions options(String... more) {
    String[] args = new String[more.length + 4];
    args[0] = "--namespace";
    args[1] = "plant-a";
    args[2] = "--fleet";
    args[3] = "pumps";
    System.arraycopy(more, 0, args, 4, more.length);
    return SimulatorOptions.parse(args);
  }

  static Map<String, DeviceResult> results() {
    Map<String, DeviceResult> r = new LinkedHashMap<>();
    r.put("dev-000004", new DeviceResult("dev-000004", "pump-x2", DeviceState.SUCCEEDED, "2.0.0", null, null, 3, "runs 2.0.0"));
    r.put("dev-000003", new DeviceResult("dev-000003", "pump-x3", DeviceState.REJECTED, "1.0.0", Tamper.OTHER_MODEL, Refusal.WRONG_MODEL, 3,
        "model"));
    r.put("dev-000001", new DeviceResult("dev-000001", "pump-x2", DeviceState.REJECTED, "1.0.0", Tamper.FORGED, Refusal.BAD_SIGNATURE, 3,
        "signature"));
    r.put("dev-000002", new DeviceResult("dev-000002", "pump-x2", DeviceState.REJECTED, "1.0.0", null, Refusal.BAD_SIGNATURE, 3, "signature"));
    r.put("dev-000005", new DeviceResult("dev-000005", "pump-x2", DeviceState.SUCCEEDED, "2.0.0", Tamper.REPLAYED, null, 3, "runs 2.0.0"));
    return r;
  }

  static Progress progress() {
    Map<DeviceState, Integer> counts = new EnumMap<>(DeviceState.class);
    counts.put(DeviceState.SUCCEEDED, 2);
    counts.put(DeviceState.REJECTED, 3);
    counts.put(DeviceState.OFFLINE, 1);
    return new Progress(6, counts);
  }

  static List<String> printed(Summary summary) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void lastLineIsJsonWithCountsRefusalsTamperedAndPhase() throws Exception {
    Summary summary = Summary.of(options("--until-campaign", "rollout-2"), progress(), results(), CampaignPhase.Succeeded,
        Duration.ofMillis(12_345));

    List<String> lines = printed(summary);
    JsonNode json = JSON.readTree(lines.get(lines.size() - 1));

    assertThat(json.path("namespace").asText()).isEqualTo("plant-a");
    assertThat(json.path("fleet").asText()).isEqualTo("pumps");
    assertThat(json.path("devices").asInt()).isEqualTo(6);
    assertThat(JSON.convertValue(json.path("states"), Map.class)).isEqualTo(Map.of("succeeded", 2, "rejected", 3, "offline", 1));
    assertThat(JSON.convertValue(json.path("refusals"), Map.class)).isEqualTo(Map.of("BAD_SIGNATURE", 2, "WRONG_MODEL", 1));
    JsonNode tampered = json.path("tampered");
    assertThat(tampered).hasSize(3);
    assertThat(tampered.get(0).path("device").asText()).isEqualTo("dev-000001");
    assertThat(tampered.get(0).path("tamper").asText()).isEqualTo("FORGED");
    assertThat(tampered.get(0).path("state").asText()).isEqualTo("REJECTED");
    assertThat(tampered.get(0).path("refusal").asText()).isEqualTo("BAD_SIGNATURE");
    assertThat(tampered.get(1).path("device").asText()).isEqualTo("dev-000003");
    assertThat(tampered.get(1).path("tamper").asText()).isEqualTo("OTHER_MODEL");
    assertThat(tampered.get(1).path("refusal").asText()).isEqualTo("WRONG_MODEL");
    assertThat(tampered.get(2).path("device").asText()).isEqualTo("dev-000005");
    assertThat(tampered.get(2).path("tamper").asText()).isEqualTo("REPLAYED");
    assertThat(tampered.get(2).path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(tampered.get(2).path("refusal").isNull()).isTrue();
    assertThat(json.path("campaign").asText()).isEqualTo("rollout-2");
    assertThat(json.path("phase").asText()).isEqualTo("Succeeded");
    assertThat(json.path("seconds").asDouble()).isEqualTo(12.3);
  }

  @Test
  void humanLinesBeforeTheJson() {
    Summary summary = Summary.of(options("--until-campaign", "rollout-2"), progress(), results(), CampaignPhase.Failed, Duration.ofMillis(1500));

    List<String> lines = printed(summary);

    assertThat(lines).containsExactly(
        "fleet plant-a/pumps: " + progress().line(),
        "campaign rollout-2: Failed",
        "refused BAD_SIGNATURE: 2 device(s)",
        "refused WRONG_MODEL: 1 device(s)",
        "tampered dev-000001 (pump-x2): handed a FORGED manifest -> REJECTED BAD_SIGNATURE",
        "tampered dev-000003 (pump-x3): handed a OTHER_MODEL manifest -> REJECTED WRONG_MODEL",
        "tampered dev-000005 (pump-x2): handed a REPLAYED manifest -> SUCCEEDED",
        "took 1.5 s",
        summary.json());
  }

  @Test
  void aCampaignNotFoundHasANullPhase() throws Exception {
    Summary summary = Summary.of(options("--until-campaign", "rollout-9"), progress(), Map.of(), null, Duration.ZERO);

    List<String> lines = printed(summary);
    JsonNode json = JSON.readTree(lines.get(lines.size() - 1));

    assertThat(lines).contains("campaign rollout-9: not found");
    assertThat(json.has("phase")).isTrue();
    assertThat(json.path("phase").isNull()).isTrue();
    assertThat(json.path("campaign").asText()).isEqualTo("rollout-9");
    assertThat(json.path("refusals").size()).isZero();
    assertThat(json.path("tampered").isArray()).isTrue();
    assertThat(json.path("tampered").size()).isZero();
    assertThat(json.path("seconds").asDouble()).isZero();
  }

  @Test
  void withoutACampaignThereIsNoPhase() throws Exception {
    Summary summary = Summary.of(options(), new Progress(0, Map.of()), Map.of(), null, Duration.ofSeconds(2));

    List<String> lines = printed(summary);
    JsonNode json = JSON.readTree(lines.get(lines.size() - 1));

    assertThat(lines).noneMatch(l -> l.startsWith("campaign "));
    assertThat(json.has("phase")).isFalse();
    assertThat(json.has("campaign")).isFalse();
    assertThat(json.path("devices").asInt()).isZero();
    assertThat(json.path("states").size()).isZero();
    assertThat(json.path("seconds").asDouble()).isEqualTo(2.0);
  }
}
