#!/usr/bin/env bash
# Installs the Debian packages tablekeeper builds and tests with. Idempotent:
# when every package is already installed it does nothing, not even
# `apt-get update`. Needs root (or sudo) only when something is missing.
#
# Go (for the test world's kube-apiserver, etcd and kubectl) and Python 3 with
# venv are expected on the machine; the check at the end says so if not.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl openssl
  libcurl4-openssl-dev libssl-dev nlohmann-json3-dev libyaml-cpp-dev libpugixml-dev
  libspdlog-dev libfmt-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) == 0 ]] || sudo=sudo
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for tool in go python3; do
  command -v "$tool" >/dev/null || { echo "install-deps: $tool is required but not on PATH" >&2; exit 1; }
done
python3 -c 'import venv' 2>/dev/null || { echo "install-deps: python3 lacks the venv module" >&2; exit 1; }
