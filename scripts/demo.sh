#!/usr/bin/env bash
# `make demo`: sets everything up and runs the main job: the seed scenario
# (testenv/demo_world.py says what it does) with the real controller against
# the test world's kube-apiserver and AWS emulator.
# The test world keeps running afterwards; `make env-down` stops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/phase.sh

phase install-deps scripts/install-deps.sh
phase python-env scripts/python-env.sh
phase build-control-plane bash -c 'testenv/kube/build.sh >/dev/null'
phase build bash -c 'cmake --preset release >/dev/null && cmake --build --preset release --target tablekeeper'
phase env-up testenv/up.sh build/testenv
source build/testenv/env.sh

echo
build/tablekeeper version
echo "kube-apiserver: $(kubectl version -o json | build/venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])') at $(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
kubectl get --raw /readyz && echo " (/readyz)"
build/venv/bin/python testenv/demo_world.py
echo
echo "The test world is still up: source build/testenv/env.sh to use it, make env-down to stop it."
