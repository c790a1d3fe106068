//go:build tools

// Package registry records the main package this module builds, so that `go mod tidy` keeps its
// dependencies. It is never compiled into a program of ours.
package registry

import _ "github.com/olareg/olareg/cmd/olareg"
