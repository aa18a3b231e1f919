"""Fixtures for end-to-end tests: the whole controller against the test world.

The controller runs as a local process (`tablekeeper controller`), with the
`tablekeeper` identity's kubeconfig (so it has exactly the RBAC of
deploy/rbac) and the emulator as its AWS endpoint. Tests act and look with
clients we did not write: kubectl, and boto3 for AWS. Calls are counted from
the emulator's request log.

Environment: what testenv/up.sh writes to build/testenv/env.sh (`make test`
sources it), plus optionally TABLEKEEPER_BIN (default: the ASan build that
`make test` makes, else the dev build).
"""
import json
import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import boto3
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run `make env-up` and source build/testenv/env.sh", 2)
    return value


def _binary():
    if os.environ.get("TABLEKEEPER_BIN"):
        return os.environ["TABLEKEEPER_BIN"]
    for candidate in ("build/asan/tablekeeper", "build/dev/tablekeeper", "build/tablekeeper"):
        path = ROOT / candidate
        if path.exists():
            return str(path)
    pytest.exit("no tablekeeper binary: run `cmake --build --preset asan` or set TABLEKEEPER_BIN", 2)


class Kubectl:
    """Runs the test world's kubectl as one identity."""

    def __init__(self, kubeconfig):
        self.kubeconfig = kubeconfig

    def run(self, *args, stdin=None, check=True, timeout=60):
        result = subprocess.run(
            ["kubectl", "--kubeconfig", self.kubeconfig, *args],
            input=stdin, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} failed: {result.stderr}")
        return result

    def json(self, *args):
        return json.loads(self.run(*args, "-o", "json").stdout)

    def apply(self, manifest, namespace):
        """Applies a manifest (dict or YAML text) in `namespace`."""
        text = manifest if isinstance(manifest, str) else json.dumps(manifest)
        return self.run("apply", "-n", namespace, "-f", "-", stdin=text)

    def get(self, kind, name, namespace):
        result = self.run("get", kind, name, "-n", namespace, "-o", "json", check=False)
        return json.loads(result.stdout) if result.returncode == 0 else None


def condition(obj, kind):
    """The condition of type `kind` on `obj`, or None."""
    for entry in ((obj or {}).get("status") or {}).get("conditions") or []:
        if entry.get("type") == kind:
            return entry
    return None


def wait_for(predicate, timeout=90, interval=0.5, what="condition"):
    """Polls `predicate` until it returns a truthy value; returns it."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last value: {last!r}")


class Emulator:
    """The emulator's control endpoint (testenv/aws/README.md)."""

    def __init__(self, control):
        self.control = control

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.control + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text else None

    def counts(self, pattern="*"):
        return self.call("GET", f"/requests?match={pattern}")["counts"]

    def count(self, call):
        return self.counts(call).get(call, 0)

    def accepted(self, pattern="*"):
        """Calls AWS answered with HTTP 200, by call: the writes that took
        place. A retried attempt is logged too; under load the SDK may retry a
        write whose first attempt it gave up on, and AWS refuses the repeat
        (the table is UPDATING), so counting requests would count it twice."""
        counts = {}
        for entry in self.call("GET", f"/requests?match={pattern}")["requests"]:
            if entry.get("status") == 200:
                counts[entry["call"]] = counts.get(entry["call"], 0) + 1
        return counts

    def clear_requests(self):
        self.call("DELETE", "/requests")

    def add_fault(self, **fault):
        return self.call("POST", "/faults", fault)

    def clear_faults(self):
        self.call("DELETE", "/faults")

    def settings(self, **changes):
        return self.call("POST", "/settings", changes) if changes else self.call("GET", "/settings")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Controller:
    """One `tablekeeper controller` process; its log is kept in a file."""

    def __init__(self, namespace, log_dir, extra_args=(), kubeconfig=None):
        """`kubeconfig`: the identity to run as (default: $TABLEKEEPER_KUBECONFIG,
        the one bound to deploy/rbac)."""
        self.namespace = namespace
        self.healthz_port = _free_port()
        self.metrics_port = _free_port()
        self.log_path = log_dir / f"controller-{namespace}-{uuid.uuid4().hex[:6]}.log"
        self.args = [
            _binary(), "controller",
            "--kubeconfig", kubeconfig or _require_env("TABLEKEEPER_KUBECONFIG"),
            "--aws-region", os.environ.get("AWS_REGION", "us-east-1"),
            "--aws-endpoint-url", _require_env("AWS_ENDPOINT_URL"),
            "--watch-namespace", namespace,
            "--healthz-addr", f"127.0.0.1:{self.healthz_port}",
            "--metrics-addr", f"127.0.0.1:{self.metrics_port}",
            "--log-level", "debug",
            *extra_args,
        ]
        self.process = None

    def launch(self):
        """Starts the process without waiting for it to be ready."""
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT)
        return self

    def start(self):
        self.launch()
        wait_for(self.ready, timeout=120, what="the controller's /readyz")
        return self

    def probe(self, path):
        """The HTTP status of /healthz or /readyz, or None while nothing listens."""
        if self.process.poll() is not None:
            raise AssertionError(f"the controller exited with {self.process.returncode}:\n{self.log_tail()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.healthz_port}{path}", timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def ready(self):
        return self.probe("/readyz") == 200

    def metrics(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5) as response:
            return response.read().decode()

    def stop(self, sig=signal.SIGTERM):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()
        return self.process.returncode if self.process else None

    def log_tail(self, lines=60):
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return ""


@pytest.fixture(scope="session")
def admin():
    return Kubectl(_require_env("KUBECONFIG"))


@pytest.fixture(scope="session")
def crds(admin):
    """Our CRDs, installed (server-side apply) and established."""
    admin.run("apply", "--server-side", "--force-conflicts", "-f", str(ROOT / "deploy" / "crds"))
    for name in ("tables.dynamodb.services.k8s.aws", "keys.kms.services.k8s.aws", "aliases.kms.services.k8s.aws"):
        admin.run("wait", "--for", "condition=established", "--timeout", "60s", f"crd/{name}")
    return True


@pytest.fixture(scope="session")
def emulator():
    return Emulator(_require_env("TESTENV_EMULATOR_CONTROL"))


@pytest.fixture(scope="session")
def aws_endpoint():
    return _require_env("AWS_ENDPOINT_URL")


@pytest.fixture
def kms(aws_endpoint):
    return boto3.client("kms", endpoint_url=aws_endpoint)


@pytest.fixture
def dynamodb(aws_endpoint):
    return boto3.client("dynamodb", endpoint_url=aws_endpoint)


@pytest.fixture
def namespace(admin, crds):
    name = f"e2e-{uuid.uuid4().hex[:8]}"
    admin.run("create", "namespace", name)
    yield name
    admin.run("delete", "namespace", name, "--wait=false", check=False)


@pytest.fixture
def start_controller(tmp_path_factory, namespace, request):
    """Starts controllers for the test's namespace; stops them afterwards and
    prints their log when the test failed."""
    started = []
    log_dir = tmp_path_factory.mktemp("controller-logs")

    def start(*extra_args, watch_namespace=None, wait_ready=True, kubeconfig=None):
        """kubeconfig: another identity than the controller's (e.g. the admin's)."""
        controller = Controller(watch_namespace or namespace, log_dir, extra_args, kubeconfig)
        started.append(controller)
        return controller.start() if wait_ready else controller.launch()

    yield start
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for controller in started:
        code = controller.stop()
        if failed:
            print(f"--- controller log ({controller.log_path}), exit {code} ---\n{controller.log_tail(200)}")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
