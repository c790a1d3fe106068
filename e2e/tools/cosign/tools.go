//go:build tools

// Package cosign records the main package this module builds, so that `go mod tidy` keeps its
// dependencies. It is never compiled into a program of ours.
package cosign

import _ "github.com/sigstore/cosign/v3/cmd/cosign"
