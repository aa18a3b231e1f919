//go:build tools

// Package tools pins the upstream helm CLI (helm.sh/helm/v3/cmd/helm) in this
// module so build.sh can `go build` it at the version in go.mod.
package tools

import _ "helm.sh/helm/v3/cmd/helm"
