"""Helpers shared by the tests: the emulator as a subprocess, boto3 clients for it, its control endpoint.

- ``start_emulator(*args, env=...)`` starts ``python -m emulator --port 0
  ARGS`` with this package on PYTHONPATH, waits for its ready line and yields
  an ``Emulator``; it terminates the process afterwards.
- ``Emulator.client(service)`` is a boto3 client for it (us-east-1, fake
  credentials, no retries); ``Emulator.control(...)`` calls ``/_emulator/``.
- ``wait_for(condition)`` polls until a condition holds.
"""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator

import boto3
from botocore.config import Config

PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # testenv/aws, which holds the emulator package
READY_PREFIX = "emulator ready on "
STARTUP_TIMEOUT = 30.0
TEST_STATE_DELAY = "0.3"
REGION = "us-east-1"
ACCOUNT = "123456789012"
# total_max_attempts counts the first attempt; {"max_attempts": 1} would still allow one retry.
NO_RETRIES = Config(retries={"total_max_attempts": 1})


class Emulator:
    def __init__(self, url: str, process: subprocess.Popen):
        self.url = url
        self.process = process

    def client(self, service: str, **kwargs: Any) -> Any:
        options = {
            "endpoint_url": self.url,
            "region_name": REGION,
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
            "config": NO_RETRIES,
        }
        options.update(kwargs)
        return boto3.client(service, **options)

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """Calls ``/_emulator/<path>`` and returns the decoded JSON answer; raises on HTTP errors."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/_emulator/{path}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def add_fault(self, **spec: Any) -> dict[str, Any]:
        return self.control("POST", "faults", spec)

    def counts(self, match: str = "*") -> dict[str, int]:
        return self.control("GET", f"requests?match={match}")["counts"]

    def reset(self) -> None:
        self.control("POST", "reset")


@contextlib.contextmanager
def start_emulator(*args: str, env: dict[str, str] | None = None) -> Iterator[Emulator]:
    environment = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT), **(env or {}))
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "emulator", "--port", "0", *args],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
            text=True,
        )
        try:
            yield Emulator(_wait_ready(process, output), process)
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_ready(process: subprocess.Popen, output: Any) -> str:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        output.seek(0)
        for line in output.read().splitlines():
            if line.startswith(READY_PREFIX):
                return line.removeprefix(READY_PREFIX).strip()
        if process.poll() is not None:
            break
        time.sleep(0.05)
    output.seek(0)
    raise RuntimeError(f"emulator did not become ready:\n{output.read()}")


def wait_for(condition: Callable[[], Any], timeout: float = 5.0, interval: float = 0.05) -> Any:
    """Polls ``condition`` until it returns a truthy value, which it returns; fails after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def create_table(client: Any, name: str, attributes: tuple[str, ...] = ("id",), **extra: Any) -> dict[str, Any]:
    """Creates an on-demand table keyed by ``id``; ``attributes`` are its string attribute definitions."""
    return client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": attribute, "AttributeType": "S"} for attribute in attributes],
        BillingMode="PAY_PER_REQUEST",
        **extra,
    )["TableDescription"]


def describe_table(client: Any, name: str) -> dict[str, Any]:
    return client.describe_table(TableName=name)["Table"]


def wait_until_active(client: Any, name: str) -> dict[str, Any]:
    return wait_for(lambda: _if_active(describe_table(client, name)))


def _if_active(table: dict[str, Any]) -> dict[str, Any] | None:
    indexes_active = all(index["IndexStatus"] == "ACTIVE" for index in table.get("GlobalSecondaryIndexes", []))
    return table if table["TableStatus"] == "ACTIVE" and indexes_active else None
