#!/usr/bin/env bash
# Keeps the Helm chart's copies of the project's single sources in step:
#   deploy/crds/*.yaml              -> tablekeeper/crds-source/  (CRD templates read these)
#   deploy/rbac/*.yaml              -> tablekeeper/rbac-source/  (RBAC templates read their rules)
#   project VERSION in CMakeLists   -> Chart.yaml appVersion
# Helm cannot read files outside the chart folder, so the chart carries copies;
# this script writes them and, with --check, fails (listing the differences)
# when they have drifted. test/e2e/test_helm.py runs the check.
#
# Usage: sync.sh [--check]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chart=$here/tablekeeper
check=false
[[ ${1:-} == --check ]] && check=true

version=$(sed -n 's/^project(tablekeeper VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[[ -n $version ]] || { echo "sync.sh: no project VERSION in CMakeLists.txt" >&2; exit 2; }

drift=0
sync_dir() {  # sync_dir SOURCE_DIR CHART_SUBDIR
  local src=$1 dst=$chart/$2 f
  if $check; then
    if ! diff -r -x README.md "$src" "$dst" >&2; then
      echo "sync.sh: $dst differs from $src" >&2
      drift=1
    fi
  else
    rm -rf "$dst" && mkdir -p "$dst"
    for f in "$src"/*.yaml; do cp "$f" "$dst/"; done
  fi
}
sync_dir "$root/deploy/crds" crds-source
sync_dir "$root/deploy/rbac" rbac-source

current=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$chart/Chart.yaml")
if [[ $current != "$version" ]]; then
  if $check; then
    echo "sync.sh: Chart.yaml appVersion \"$current\" is not the project version $version" >&2
    drift=1
  else
    sed -i "s/^appVersion:.*/appVersion: \"$version\"/" "$chart/Chart.yaml"
  fi
fi
if ((drift)); then
  echo "sync.sh: run deploy/helm/sync.sh to update the chart" >&2
  exit 1
fi
$check && echo "chart in step with deploy/crds, deploy/rbac and version $version" || true
