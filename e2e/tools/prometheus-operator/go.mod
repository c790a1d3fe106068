// Pins the Prometheus Operator whose ServiceMonitor and PrometheusRule CRDs the chart tests install
// before their server-side dry run (the chart renders both kinds when metrics are enabled). Only
// the two CRD files of its module are used, never its code: e2e/bin/control-plane monitoring-crds
// fetches the module through the Go module proxy, checks it against go.sum and caches the files.
module keyfleet.io/e2e/tools/prometheus-operator

go 1.24.0

require github.com/prometheus-operator/prometheus-operator v0.85.0
