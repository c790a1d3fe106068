// Pins the olareg OCI registry (it implements the OCI 1.1 referrers API) that the local control
// plane runs. Built by e2e/bin/control-plane.
module keyfleet.io/e2e/tools/registry

go 1.25.0

require github.com/olareg/olareg v0.2.2

require (
	github.com/goccy/go-yaml v1.19.2 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/cobra v1.10.2 // indirect
	github.com/spf13/pflag v1.0.10 // indirect
	github.com/sudo-bmitch/oci-digest v0.1.2 // indirect
	golang.org/x/crypto v0.53.0 // indirect
)
