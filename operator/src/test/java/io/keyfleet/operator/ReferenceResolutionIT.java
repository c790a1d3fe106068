package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.common.KeyfleetStatus;
import io.keyfleet.api.v1alpha1.fleet.RegistrySpec;
import io.keyfleet.api.v1alpha1.fleet.UpdatesSpec;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator, in this JVM, against the real API server: references resolve into conditions. */
class ReferenceResolutionIT {
  static LocalControlPlane plane;
  static KubernetesClient client;
  static String namespace;
  static KeyfleetOperator operator;

  @BeforeAll
  static void startOperator() throws Exception {
    plane = LocalControlPlane.get().withCrds();
    client = plane.client();
    namespace = plane.createNamespace("refs");
    OperatorSettings settings =
        new OperatorSettings(namespace, Set.of(namespace), "refs-it", false, "unused", Duration.ofSeconds(15),
            Duration.ofSeconds(10), Duration.ofSeconds(2), 0, "http://127.0.0.1:0", 16);
    operator = KeyfleetOperator.start(settings, client, Clock.systemUTC());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void deviceWaitsForItsFleetThenFollowsIt() {
    var devices = client.resources(DeviceIdentity.class).inNamespace(namespace);
    devices.resource(Resources.device(namespace, "early-pump", "late-fleet")).create();

    DeviceIdentity waiting = awaitReady(DeviceIdentity.class, "early-pump", "FleetNotFound");
    Condition ready = Conditions.find(waiting.getStatus().getConditions(), "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Condition.Status.False);
    assertThat(ready.getMessage()).contains("DeviceFleet 'late-fleet' (spec.fleetRef.name) does not exist");
    assertThat(waiting.getStatus().getObservedGeneration()).isEqualTo(waiting.getMetadata().getGeneration());

    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(Resources.policy(namespace, "standard")).create();
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(Resources.fleet(namespace, "late-fleet", "standard")).create();

    awaitReady(DeviceFleet.class, "late-fleet", "Ready");
    DeviceIdentity followed = awaitReady(DeviceIdentity.class, "early-pump", "Issued");
    assertThat(followed.getStatus().getObservedGeneration()).isEqualTo(followed.getMetadata().getGeneration());
    assertThat(Conditions.find(followed.getStatus().getConditions(), "Revoked").orElseThrow().getStatus())
        .isEqualTo(Condition.Status.False);

    // A spec change is observed: the new generation is reflected in the status.
    DeviceIdentity edited = devices.withName("early-pump").edit(d -> {
      d.getSpec().setModel("pump-x3");
      return d;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      DeviceIdentity now = devices.withName("early-pump").get();
      assertThat(now.getStatus().getObservedGeneration()).isEqualTo(edited.getMetadata().getGeneration()).isGreaterThan(1L);
    });
  }

  @Test
  void fleetWaitsForItsPolicy() {
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(Resources.fleet(namespace, "orphan-fleet", "later-policy")).create();
    DeviceFleet waiting = awaitReady(DeviceFleet.class, "orphan-fleet", "RotationPolicyNotFound");
    assertThat(Conditions.find(waiting.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
        .contains("KeyRotationPolicy 'later-policy' (spec.rotationPolicyRef.name) does not exist");

    KeyRotationPolicy bad = Resources.policy(namespace, "later-policy");
    bad.getSpec().getCertificate().setRenewBefore("120d");
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(bad).create();
    KeyRotationPolicy invalid = awaitReady(KeyRotationPolicy.class, "later-policy", "InvalidSpec");
    assertThat(Conditions.find(invalid.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
        .contains("spec.certificate.renewBefore: 120d must be shorter than spec.certificate.duration 90d");
    awaitReady(DeviceFleet.class, "orphan-fleet", "RotationPolicyInvalid");

    client.resources(KeyRotationPolicy.class).inNamespace(namespace).withName("later-policy").edit(p -> {
      p.getSpec().getCertificate().setRenewBefore("30d");
      return p;
    });
    awaitReady(KeyRotationPolicy.class, "later-policy", "Valid");
    awaitReady(DeviceFleet.class, "orphan-fleet", "Ready");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(client.resources(KeyRotationPolicy.class).inNamespace(namespace).withName("later-policy").get().getStatus().getFleets())
            .containsExactly("orphan-fleet"));
  }

  @Test
  void campaignNeedsAFleetWithAnUpdateChannel() {
    UpdateCampaign early = Resources.campaign(namespace, "early-campaign", "channel-fleet");
    early.getSpec().getFirmware().setArtifact(plane.registry() + "/keyfleet/channel-fleet:9.9.9"); // never pushed
    client.resources(UpdateCampaign.class).inNamespace(namespace).resource(early).create();
    awaitReady(UpdateCampaign.class, "early-campaign", "FleetNotFound");

    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(Resources.policy(namespace, "channel-policy")).create();
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(Resources.fleet(namespace, "channel-fleet", "channel-policy")).create();
    UpdateCampaign noChannel = awaitReady(UpdateCampaign.class, "early-campaign", "FleetHasNoUpdateChannel");
    assertThat(noChannel.getStatus().getPhase()).hasToString("Pending");

    client.resources(DeviceFleet.class).inNamespace(namespace).withName("channel-fleet").edit(f -> {
      UpdatesSpec updates = new UpdatesSpec();
      RegistrySpec registry = new RegistrySpec();
      registry.setRepository(plane.registry() + "/keyfleet/channel-fleet");
      registry.setInsecure(true);
      updates.setRegistry(registry);
      f.getSpec().setUpdates(updates);
      return f;
    });
    // With the channel resolved the campaign tries to publish; its firmware is not in the registry.
    UpdateCampaign publishing = awaitReady(UpdateCampaign.class, "early-campaign", "PublishFailed");
    assertThat(publishing.getStatus().getPhase()).hasToString("Publishing");
    var published = io.keyfleet.operator.status.Conditions.find(publishing.getStatus().getConditions(), "Published").orElseThrow();
    assertThat(published.getReason()).isEqualTo("ArtifactNotFound");
    assertThat(published.getMessage()).contains("firmware");
  }

  @Test
  void connectorReportSurvivesOperatorStatusWrites() {
    var devices = client.resources(DeviceIdentity.class).inNamespace(namespace);
    devices.resource(Resources.device(namespace, "reporting-pump", "no-such-fleet")).create();
    awaitReady(DeviceIdentity.class, "reporting-pump", "FleetNotFound");

    // A connector reports with server-side apply under its own field manager.
    GenericKubernetesResource report = new GenericKubernetesResource();
    report.setApiVersion("keyfleet.io/v1alpha1");
    report.setKind("DeviceIdentity");
    report.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("reporting-pump").withNamespace(namespace).build());
    report.setAdditionalProperty("status", Map.of("reported", Map.of("firmwareVersion", "2.3.0", "updateState", "Idle")));
    client.genericKubernetesResources("keyfleet.io/v1alpha1", "DeviceIdentity").inNamespace(namespace)
        .withName("reporting-pump").subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("keyfleet-connector").withForce(true).build(),
            client.getKubernetesSerialization().asJson(report));

    // The operator writes status again (a spec change makes it reconcile and update conditions).
    devices.withName("reporting-pump").edit(d -> {
      d.getSpec().setModel("pump-x9");
      return d;
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      DeviceIdentity now = devices.withName("reporting-pump").get();
      assertThat(now.getStatus().getObservedGeneration()).isEqualTo(2L);
      assertThat(now.getStatus().getReported().getFirmwareVersion()).isEqualTo("2.3.0");
      ManagedFieldsEntry operatorStatus = now.getMetadata().getManagedFields().stream()
          .filter(m -> m.getManager().equals("keyfleet-operator") && "status".equals(m.getSubresource())).findFirst().orElseThrow();
      assertThat(client.getKubernetesSerialization().asJson(operatorStatus.getFieldsV1())).doesNotContain("reported");
    });
    // The operator never writes spec: besides status it owns only its finalizer.
    assertThat(devices.withName("reporting-pump").get().getMetadata().getManagedFields())
        .filteredOn(m -> m.getManager().equals("keyfleet-operator"))
        .allSatisfy(m -> assertThat(client.getKubernetesSerialization().asJson(m.getFieldsV1())).doesNotContain("f:spec"));
  }

  @Test
  void healthEndpointsAnswer() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : new String[] {"/healthz", "/readyz"}) {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).contains("\"status\":\"ok\"").contains("\"instance\":\"refs-it\"");
    }
  }

  static <R extends io.fabric8.kubernetes.client.CustomResource<?, ? extends KeyfleetStatus>> R awaitReady(
      Class<R> kind, String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.resources(kind).inNamespace(namespace).withName(name).get(),
            r -> r != null && r.getStatus() != null
                && Conditions.find(r.getStatus().getConditions(), "Ready").map(c -> c.getReason().equals(reason)).orElse(false));
  }
}
