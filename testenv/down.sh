#!/usr/bin/env bash
# Stops what up.sh started from STATE_DIR (default build/testenv), and nothing
# else. Harmless when nothing runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${1:-$(cd "$here/.." && pwd)/build/testenv}
[[ -d $state ]] || exit 0
source "$here/lib/common.sh"
stop_daemon emulator
"$here/kube/stop.sh" "$state"
rm -f "$state/env.sh"
echo "testenv: stopped"
