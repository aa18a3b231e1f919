#!/usr/bin/env bash
# Creates or refreshes the project's Python environment at build/venv from the
# pinned testenv/requirements.txt: moto for the AWS emulator, boto3 and the
# Kubernetes client for end-to-end checks, pytest. Idempotent: it reinstalls
# only when requirements.txt changed since the last successful run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/build/venv"
requirements="$root/testenv/requirements.txt"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)

if [[ -x "$venv/bin/python" && -f "$stamp" && $(cat "$stamp") == "$want" ]]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
echo "$want" >"$stamp"
echo "python-env: installed $(grep -c '==' "$requirements") pinned packages into build/venv"
