"""Fixtures for integration tests against the running test world.

The tests need the environment that testenv/up.sh writes to build/testenv/env.sh
(`make test` sources it): KUBECONFIG, TABLEKEEPER_KUBECONFIG, AWS_ENDPOINT_URL,
TESTENV_EMULATOR_CONTROL. They talk to the peers only with clients we did not
write: kubectl and boto3.
"""
import json
import os
import pathlib
import subprocess
import uuid

import boto3
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("TK_SHARED_DIR", ROOT.parent / "shared"))


def _require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run `make env-up` and source build/testenv/env.sh", 2)
    return value


class Kubectl:
    """Runs the test world's kubectl as one identity."""

    def __init__(self, kubeconfig):
        self.kubeconfig = kubeconfig

    def run(self, *args, stdin=None, check=True):
        result = subprocess.run(
            ["kubectl", "--kubeconfig", self.kubeconfig, *args],
            input=stdin, capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} failed: {result.stderr}")
        return result

    def json(self, *args):
        return json.loads(self.run(*args, "-o", "json").stdout)


@pytest.fixture(scope="session")
def admin():
    return Kubectl(_require_env("KUBECONFIG"))


@pytest.fixture(scope="session")
def controller_identity():
    return Kubectl(_require_env("TABLEKEEPER_KUBECONFIG"))


@pytest.fixture(scope="session")
def shared_dir():
    if not SHARED.is_dir():
        pytest.exit(f"../shared not found at {SHARED}", 2)
    return SHARED


@pytest.fixture
def namespace(admin):
    name = f"it-{uuid.uuid4().hex[:8]}"
    admin.run("create", "namespace", name)
    yield name
    admin.run("delete", "namespace", name, "--wait=false", check=False)


@pytest.fixture(scope="session")
def aws_endpoint():
    return _require_env("AWS_ENDPOINT_URL")


@pytest.fixture(scope="session")
def emulator_control():
    return _require_env("TESTENV_EMULATOR_CONTROL")


@pytest.fixture
def kms(aws_endpoint):
    return boto3.client("kms", endpoint_url=aws_endpoint)


@pytest.fixture
def dynamodb(aws_endpoint):
    return boto3.client("dynamodb", endpoint_url=aws_endpoint)
