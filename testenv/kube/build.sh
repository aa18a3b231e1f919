#!/usr/bin/env bash
# Builds the test world's Kubernetes control plane: kube-apiserver from the
# k8s.io/kubernetes Go module and an embedded etcd, at KUBE_VERSION.
#
# The binaries are cached by version under $TABLEKEEPER_CACHE (default
# ~/.cache/tablekeeper), so a second run, or CI on the same machine, does not
# rebuild. Prints the directory holding kube-apiserver and etcd.
#
# k8s.io/kubernetes requires its staging modules (k8s.io/api, ...) at v0.0.0 and
# maps them to ./staging with replace lines, which only apply in its own main
# module. So this script writes a go.mod that sends each of them to its
# published v0.X.Y, generated from the downloaded go.mod rather than
# hard-coded, since the set changes between releases.
set -euo pipefail

KUBE_VERSION=${KUBE_VERSION:-v1.37.2}
here=$(cd "$(dirname "$0")" && pwd)
cache=${TABLEKEEPER_CACHE:-$HOME/.cache/tablekeeper}
out="$cache/kube/$KUBE_VERSION"

if [[ -x "$out/kube-apiserver" && -x "$out/etcd" ]]; then
  echo "$out"
  exit 0
fi

staging_minor="v0.${KUBE_VERSION#v1.}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/cmd" "$work/"
cd "$work"

export GOFLAGS=-mod=mod
export GOTOOLCHAIN=${GOTOOLCHAIN:-local}
go mod init tablekeeper.dev/testenv/kube >/dev/null 2>&1
kube_mod=$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')

# Every k8s.io module that k8s.io/kubernetes requires at v0.0.0 is a staging module.
staging=$(go mod edit -json "$kube_mod" | python3 -c '
import json, sys
mod = json.load(sys.stdin)
for r in mod.get("Require") or []:
    if r["Version"] == "v0.0.0":
        print(r["Path"])')
{
  echo "require k8s.io/kubernetes $KUBE_VERSION"
  for m in $staging; do echo "replace $m => $m $staging_minor"; done
} >>go.mod
go mod tidy >&2

mkdir -p "$out.tmp"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2)"
go build -trimpath -ldflags "$ldflags" -o "$out.tmp/kube-apiserver" ./cmd/kube-apiserver >&2
go build -trimpath -ldflags "-s -w" -o "$out.tmp/etcd" ./cmd/etcd >&2
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$out"
