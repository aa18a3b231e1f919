#!/usr/bin/env bash
# Stops the kube-apiserver and etcd that start.sh started from STATE_DIR, and
# nothing else. Harmless when they are not running.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${1:?usage: stop.sh STATE_DIR}/kube
source "$here/../lib/common.sh"
stop_daemon kube-apiserver
stop_daemon etcd
