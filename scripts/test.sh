#!/usr/bin/env bash
# `make test`: installs what is missing, builds, and runs every test.
#   1. unit tests: the ASan+UBSan build through CTest, label `unit` (no servers)
#   2. the AWS emulator's own tests (testenv/aws/tests, boto3)
#   3. integration tests against the real peers, in a test world started here
#      and stopped at the end, pass or fail: the C++ ones through CTest (label
#      `integration`), then the pytest ones in test/integration
#   4. end-to-end tests: the tablekeeper binary (ASan build) as a controller
#      process in the same test world, checked with kubectl and boto3 (test/e2e)
# Each phase prints its duration. Exits non-zero if any phase failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/phase.sh

state="$root/build/testenv"
trap 'testenv/down.sh "$state" >/dev/null 2>&1 || true' EXIT

phase install-deps scripts/install-deps.sh
phase python-env scripts/python-env.sh
phase build-control-plane bash -c 'testenv/kube/build.sh >/dev/null && testenv/helm/build.sh >/dev/null'
phase build-asan bash -c 'cmake --preset asan >/dev/null && cmake --build --preset asan'

failed=()
phase unit-tests ctest --preset asan -L unit --output-on-failure || failed+=(unit-tests)

export PYTHONPATH="$root/testenv/aws"
phase emulator-tests build/venv/bin/python -m pytest testenv/aws/tests -q -p no:cacheprovider ||
  failed+=(emulator-tests)

phase env-up testenv/up.sh "$state"
source "$state/env.sh"
phase cpp-integration-tests ctest --preset asan -L integration --output-on-failure ||
  failed+=(cpp-integration-tests)
phase integration-tests build/venv/bin/python -m pytest test/integration -q -p no:cacheprovider ||
  failed+=(integration-tests)
phase e2e-tests env TABLEKEEPER_BIN="$root/build/asan/tablekeeper" \
  build/venv/bin/python -m pytest test/e2e -q -p no:cacheprovider || failed+=(e2e-tests)

if ((${#failed[@]})); then
  echo "make test: FAILED: ${failed[*]}"
  exit 1
fi
echo "make test: all phases passed"
