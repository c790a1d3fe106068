package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiServerMetricsTest {
  static final String BEFORE = """
      # HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.
      # TYPE apiserver_request_total counter
      apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="secrets",scope="resource",subresource="",verb="POST",version="v1"} 10
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="keyfleet.io",resource="deviceidentities",scope="resource",subresource="status",verb="APPLY",version="v1alpha1"} 4
      apiserver_request_total{code="200",component="",dry_run="",group="",resource="",scope="",subresource="/metrics",verb="GET",version=""} 2
      apiserver_request_duration_seconds_bucket{verb="POST",le="0.005"} 99
      """;
  static final String AFTER = """
      apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="secrets",scope="resource",subresource="",verb="POST",version="v1"} 30
      apiserver_request_total{code="409",component="apiserver",dry_run="",group="",resource="secrets",scope="resource",subresource="",verb="POST",version="v1"} 1
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="keyfleet.io",resource="deviceidentities",scope="resource",subresource="status",verb="APPLY",version="v1alpha1"} 24
      apiserver_request_total{code="200",component="apiserver",dry_run="",group="keyfleet.io",resource="deviceidentities",scope="namespace",subresource="",verb="LIST",version="v1alpha1"} 1
      apiserver_request_total{code="200",component="",dry_run="",group="",resource="",scope="",subresource="/metrics",verb="GET",version=""} 5
      """;

  @Test
  void differencesAreSummedOverCodesAndSplitByVerbAndResource() {
    var delta = ApiServerMetrics.parse(AFTER).minus(ApiServerMetrics.parse(BEFORE));
    assertThat(delta.total()).isEqualTo(21 + 20 + 1 + 3);
    assertThat(delta.mutating()).isEqualTo(41);
    assertThat(delta.byVerb()).containsEntry("POST", 21.0).containsEntry("APPLY", 20.0).containsEntry("LIST", 1.0);
    assertThat(delta.mutatingByResource())
        .containsEntry("secrets POST", 21.0)
        .containsEntry("deviceidentities/status APPLY", 20.0)
        .hasSize(2);
    assertThat(delta.of("GET", "", "/metrics")).isEqualTo(3);
    assertThat(delta.mutatingOf("deviceidentities", "status")).isEqualTo(20);
    assertThat(delta.mutatingOf("deviceidentities", "")).as("a LIST changes nothing").isZero();
    assertThat(delta.errors()).containsOnly(org.assertj.core.api.Assertions.entry("secrets POST 409", 1.0));
  }

  @Test
  void otherMetricsAndCommentsAreIgnored() {
    assertThat(ApiServerMetrics.parse("# just a comment\nprocess_cpu_seconds_total 12\n").byKind()).isEmpty();
  }
}
