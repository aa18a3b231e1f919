#!/usr/bin/env bash
# `make demo`: sets everything up and runs the main job.
#
# Until the Table controller lands this shows the test world working: the real
# kube-apiserver's version, then, in the AWS emulator, a KMS key with an alias
# and a DynamoDB table encrypted by that alias, described through boto3, which
# reports the key's ARN (the mismatch tablekeeper exists to handle).
# The test world keeps running afterwards; `make env-down` stops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/phase.sh

phase install-deps scripts/install-deps.sh
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
