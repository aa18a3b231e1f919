#!/usr/bin/env bash
# Builds the test world's Kubernetes control plane from Go modules: the upstream
# kube-apiserver and kubectl (k8s.io/kubernetes, k8s.io/kubectl) and an embedded
# etcd (go.etcd.io/etcd/server/v3), at the versions pinned in go.mod/go.sum here.
#
# Output: prints the directory that holds kube-apiserver, etcd and kubectl. The
# binaries are cached under $TABLEKEEPER_CACHE (default ~/.cache/tablekeeper)
# by a hash of this module's files, so a second run, or CI on the same machine,
# does not rebuild; a changed pin or source builds anew.
#
#   build.sh                         build (or reuse) the pinned versions
#   build.sh --pin v1.X.Y            re-pin to another Kubernetes release
#
# Why --pin writes replace lines: k8s.io/kubernetes requires its staging modules
# (k8s.io/api, k8s.io/apiserver, ...) at v0.0.0 and maps them to ./staging, which
# only works inside its own repository. We send each to its published v0.X.Y,
# reading the list from the release's go.mod since it changes between releases.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export GOFLAGS="-mod=readonly -buildvcs=false"
export GOTOOLCHAIN=${GOTOOLCHAIN:-local}

pin() {
  local kube_version=$1 staging_version="v0.${1#v1.}" kube_mod staging
  kube_mod=$(go mod download -json "k8s.io/kubernetes@$kube_version" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
  # Every k8s.io module that k8s.io/kubernetes requires at v0.0.0 is a staging module.
  staging=$(go mod edit -json "$kube_mod" | python3 -c '
import json, sys
for r in json.load(sys.stdin).get("Require") or []:
    if r["Version"] == "v0.0.0":
        print(r["Path"])')
  go mod edit -dropreplace=k8s.io/kubernetes -require="k8s.io/kubernetes@$kube_version"
  for m in $(go mod edit -json | python3 -c '
import json, sys
for r in json.load(sys.stdin).get("Replace") or []:
    print(r["Old"]["Path"])'); do
    go mod edit -dropreplace="$m"
  done
  for m in $staging; do go mod edit -replace="$m=$m@$staging_version"; done
  go mod tidy
}

if [[ ${1:-} == --pin ]]; then
  GOFLAGS="-mod=mod -buildvcs=false" pin "${2:?usage: build.sh --pin v1.X.Y}" >&2
fi

kube_version=$(go mod edit -json | python3 -c '
import json, sys
print(next(r["Version"] for r in json.load(sys.stdin)["Require"] if r["Path"] == "k8s.io/kubernetes"))')
source_hash=$(cat go.mod go.sum build.sh $(find cmd -name '*.go' | sort) | sha256sum | cut -c1-12)
out="${TABLEKEEPER_CACHE:-$HOME/.cache/tablekeeper}/kube/$kube_version-$source_hash"

if [[ -x "$out/kube-apiserver" && -x "$out/etcd" && -x "$out/kubectl" ]]; then
  echo "$out"
  exit 0
fi

minor=$(echo "$kube_version" | cut -d. -f2)
version_flags="-X k8s.io/component-base/version.gitVersion=$kube_version"
version_flags+=" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
version_flags+=" -X k8s.io/client-go/pkg/version.gitVersion=$kube_version"
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
for binary in kube-apiserver kubectl etcd; do
  echo "building $binary $kube_version ..." >&2
  go build -trimpath -ldflags "-s -w $version_flags" -o "$out.tmp/$binary" "./cmd/$binary" >&2
done
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out"
