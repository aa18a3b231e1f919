#!/usr/bin/env bash
# Starts the whole test world on loopback: the Kubernetes control plane
# (kube/start.sh) and the AWS emulator (moto with our patches, aws/emulator),
# then writes $state/env.sh for tests, the demo and people to source:
#   KUBECONFIG              the admin identity
#   TABLEKEEPER_KUBECONFIG  the controller's identity (deploy/rbac only)
#   AWS_ENDPOINT_URL        the emulator; AWS_REGION and test credentials
#   TESTENV_EMULATOR_CONTROL the emulator's control endpoint
#   TESTENV_DIR, TESTENV_KUBE_APISERVER  the state folder (certificates, logs)
#                           and the API server's URL
#   PATH                    with the test world's kubectl and helm (helm/build.sh) first
#
# Usage: up.sh [STATE_DIR] (default build/testenv). Running it twice is
# harmless: what is running and ready is kept.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
state=$(mkdir -p "${1:-$root/build/testenv}" && cd "${1:-$root/build/testenv}" && pwd)
source "$here/lib/common.sh"

"$root/scripts/python-env.sh"
"$here/kube/start.sh" "$state"
source "$state/kube/kube.env"
helm_bin=$("$here/helm/build.sh")

python="$root/build/venv/bin/python"
emulator_ready() {
  curl -sf "$(cat "$state/aws/endpoint")/_emulator/health"
}
mkdir -p "$state/aws"
if daemon_alive emulator && emulator_ready >/dev/null 2>&1; then
  echo "testenv: AWS emulator already running at $(cat "$state/aws/endpoint")"
else
  stop_daemon emulator
  port=$(free_port)
  echo "http://127.0.0.1:$port" >"$state/aws/endpoint"
  PYTHONPATH="$here/aws" start_daemon emulator "$state/aws/emulator.log" \
    "$python" -m emulator --host 127.0.0.1 --port "$port"
  wait_for emulator "the AWS emulator on port $port (log: $state/aws/emulator.log)" 60 emulator_ready
  echo "testenv: AWS emulator ready at http://127.0.0.1:$port"
fi
endpoint=$(cat "$state/aws/endpoint")

cat >"$state/env.sh" <<ENV
# Written by testenv/up.sh: source it to talk to the test world.
export TESTENV_DIR=$state
export TESTENV_KUBE_APISERVER=$KUBE_APISERVER
export KUBECONFIG=$state/kube/admin.kubeconfig
export TABLEKEEPER_KUBECONFIG=$state/kube/tablekeeper.kubeconfig
export HELM_BIN=$helm_bin
export PATH=$KUBE_BIN:$helm_bin:\$PATH
export AWS_ENDPOINT_URL=$endpoint
export TESTENV_EMULATOR_CONTROL=$endpoint/_emulator
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
unset AWS_SESSION_TOKEN AWS_PROFILE
ENV
echo "testenv: ready; source $state/env.sh"
