//go:build tools

// Package oras records the main package this module builds, so that `go mod tidy` keeps its
// dependencies. It is never compiled into a program of ours.
package oras

import _ "oras.land/oras/cmd/oras"
