//go:build tools

// Package helm records the main package this module builds, so that `go mod tidy` keeps its
// dependencies. It is never compiled into a program of ours.
package helm

import _ "helm.sh/helm/v3/cmd/helm"
