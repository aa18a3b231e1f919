#!/usr/bin/env bash
# Builds the test world's `helm` CLI, the upstream one, from the helm.sh/helm/v3
# Go module at the version pinned in go.mod/go.sum here (a module of its own:
# folding it into testenv/kube would move golang.org/x/crypto, x/text, x/tools
# and yaml under the pinned kube-apiserver, kubectl and etcd and rebuild them).
#
# Output: prints the directory that holds helm. Cached under $TABLEKEEPER_CACHE
# (default ~/.cache/tablekeeper)/helm by version and a hash of this module's
# files, like testenv/kube/build.sh: a second run does not rebuild.
#
#   build.sh                  build (or reuse) the pinned version
#   build.sh --pin v3.X.Y     re-pin to another Helm v3 release
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export GOFLAGS="-mod=readonly -buildvcs=false"
export GOTOOLCHAIN=${GOTOOLCHAIN:-local}

if [[ ${1:-} == --pin ]]; then
  GOFLAGS="-mod=mod -buildvcs=false" go get "helm.sh/helm/v3@${2:?usage: build.sh --pin v3.X.Y}" >&2
  GOFLAGS="-mod=mod -buildvcs=false" go mod tidy >&2
fi

read -r helm_version k8s_minor < <(go mod edit -json | python3 -c '
import json, sys
req = {r["Path"]: r["Version"] for r in json.load(sys.stdin)["Require"]}
print(req["helm.sh/helm/v3"], req["k8s.io/client-go"].split(".")[1])')
source_hash=$(cat go.mod go.sum build.sh tools.go | sha256sum | cut -c1-12)
out="${TABLEKEEPER_CACHE:-$HOME/.cache/tablekeeper}/helm/$helm_version-$source_hash"

if [[ -x "$out/helm" ]]; then
  echo "$out"
  exit 0
fi

# The flags Helm's own Makefile sets: its version, and the Kubernetes version
# `helm lint` and .Capabilities assume by default (that of its k8s.io modules).
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$helm_version"
ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$k8s_minor"
done
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
echo "building helm $helm_version ..." >&2
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out.tmp/helm" helm.sh/helm/v3/cmd/helm >&2
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out"
