"""The demo: the seed scenario run by the real controller in the test world.

1. installs tablekeeper's CRDs (deploy/crds) into the test world's kube-apiserver;
2. starts `build/tablekeeper controller` for namespace `demo`, with the
   `tablekeeper` identity (the project's RBAC) and the emulator as AWS;
3. applies examples/seed: a KMS Key, an Alias for it, and three Tables
   encrypted through the reference, the alias name and the alias ARN;
4. waits until everything is synced, shows it with kubectl, and shows with
   boto3 that DynamoDB reports the same key ARN for every table;
5. forces a resync of each table every second for a while and counts, in the
   emulator's request log, the UpdateTable and KMS calls they cost: none;
6. stops the controller (the world keeps running).

Re-running is harmless: the objects and AWS resources are adopted as they are.
TABLEKEEPER_BIN runs another build of the binary (default build/tablekeeper).
"""
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import boto3

ROOT = pathlib.Path(__file__).resolve().parents[1]
NAMESPACE = "demo"
RESYNC_WINDOW_SECONDS = 8


def kubectl(*args, check=True):
    result = subprocess.run(["kubectl", *args], capture_output=True, text=True, timeout=180)
    if check and result.returncode != 0:
        sys.exit(f"kubectl {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def emulator(method, path):
    request = urllib.request.Request(os.environ["TESTENV_EMULATOR_CONTROL"] + path, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_controller(log_path):
    port = free_port()
    log = open(log_path, "w")
    process = subprocess.Popen(
        [os.environ.get("TABLEKEEPER_BIN", str(ROOT / "build" / "tablekeeper")), "controller",
         "--kubeconfig", os.environ["TABLEKEEPER_KUBECONFIG"],
         "--aws-region", os.environ.get("AWS_REGION", "us-east-1"),
         "--aws-endpoint-url", os.environ["AWS_ENDPOINT_URL"],
         "--watch-namespace", NAMESPACE,
         "--healthz-addr", f"127.0.0.1:{port}", "--metrics-addr", ""],
        stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the controller exited with {process.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    sys.exit(f"the controller did not become ready; see {log_path}")


def main():
    print("== installing the CRDs")
    kubectl("apply", "--server-side", "--force-conflicts", "-f", str(ROOT / "deploy" / "crds"))
    kubectl("wait", "--for", "condition=established", "--timeout", "60s", "crd", "--all")
    if NAMESPACE not in kubectl("get", "namespaces", "-o", "name"):
        kubectl("create", "namespace", NAMESPACE)

    log_path = ROOT / "build" / "demo-controller.log"
    print(f"== starting the controller (log: {log_path.relative_to(ROOT)})")
    controller = start_controller(log_path)
    try:
        print("== applying examples/seed")
        print(kubectl("apply", "-n", NAMESPACE, "-f", str(ROOT / "examples" / "seed")), end="")
        started = time.monotonic()
        kubectl("wait", "-n", NAMESPACE, "--for", "condition=ACK.ResourceSynced", "--timeout", "180s",
                "keys,aliases,tables", "--all")
        print(f"== all synced in {time.monotonic() - started:.1f} s")
        print(kubectl("get", "-n", NAMESPACE, "keys,aliases,tables"))

        dynamodb = boto3.client("dynamodb")
        key_arn = json.loads(kubectl("get", "-n", NAMESPACE, "key", "orders-key", "-o", "json"))[
            "status"]["ackResourceMetadata"]["arn"]
        print(f"== what DynamoDB reports (boto3); the Key's ARN is {key_arn}")
        tables = json.loads(kubectl("get", "-n", NAMESPACE, "tables", "-o", "json"))["items"]
        for table in tables:
            name = table["spec"]["tableName"]
            named_as = table["spec"]["sseSpecification"].get("kmsMasterKeyID", "kmsMasterKeyRef: orders-key")
            reported = dynamodb.describe_table(TableName=name)["Table"]["SSEDescription"]["KMSMasterKeyArn"]
            print(f"  {name:22} spec names the key as {named_as}\n  {'':22} DynamoDB reports {reported}")

        print(f"== steady state: every table resynced each second for {RESYNC_WINDOW_SECONDS} s")
        time.sleep(6)  # the Key's and Alias's own follow-up looks after creation
        emulator("DELETE", "/requests")
        for table in tables:
            kubectl("annotate", "--overwrite", "-n", NAMESPACE, "table", table["metadata"]["name"],
                    "tablekeeper.io/resync-seconds=1")
        time.sleep(RESYNC_WINDOW_SECONDS)
        counts = emulator("GET", "/requests")["counts"]
        for table in tables:
            kubectl("annotate", "-n", NAMESPACE, "table", table["metadata"]["name"], "tablekeeper.io/resync-seconds-")
        kms_calls = sum(n for call, n in counts.items() if call.startswith("kms:"))
        print(f"  DescribeTable calls: {counts.get('dynamodb:DescribeTable', 0)}")
        print(f"  UpdateTable calls:   {counts.get('dynamodb:UpdateTable', 0)}   (ACK would loop here)")
        print(f"  KMS calls:           {kms_calls}")
    finally:
        controller.send_signal(signal.SIGTERM)
        controller.wait(timeout=30)
        print("== controller stopped")


if __name__ == "__main__":
    main()
