"""End-to-end: invalid Table manifests end Terminal, or are refused by the API
server, with a message naming the field, and cost no AWS write (issue 6,
Tests). The controller stays up through all of them."""
import copy
import json
import time
import uuid

import pytest

from conftest import condition, wait_for


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def table(name, **spec):
    body = {"tableName": unique(name),
            "attributeDefinitions": [{"attributeName": "pk", "attributeType": "S"}],
            "keySchema": [{"attributeName": "pk", "keyType": "HASH"}],
            "billingMode": "PAY_PER_REQUEST"}
    body.update(spec)
    return {"apiVersion": "dynamodb.services.k8s.aws/v1alpha1", "kind": "Table",
            "metadata": {"name": name}, "spec": body}


# name -> (manifest, words the refusal must contain: the field, and what is wrong)
CASES = {
    "key-not-defined": (
        table("key-not-defined", keySchema=[{"attributeName": "pk", "keyType": "HASH"},
                                            {"attributeName": "sk", "keyType": "RANGE"}]),
        ["spec.keySchema", "sk", "attributeDefinitions"]),
    "gsi-not-defined": (
        table("gsi-not-defined", globalSecondaryIndexes=[{
            "indexName": "by-owner", "keySchema": [{"attributeName": "owner", "keyType": "HASH"}],
            "projection": {"projectionType": "ALL"}}]),
        ["spec.globalSecondaryIndexes", "owner", "attributeDefinitions"]),
    "ref-and-key-id": (
        table("ref-and-key-id", sseSpecification={
            "enabled": True, "sseType": "KMS", "kmsMasterKeyID": "alias/some-key",
            "kmsMasterKeyRef": {"from": {"name": "some-key"}}}),
        ["spec.sseSpecification", "kmsMasterKeyID", "kmsMasterKeyRef"]),
    "provisioned-no-throughput": (
        table("provisioned-no-throughput", billingMode="PROVISIONED"),
        ["provisionedThroughput", "PROVISIONED"]),
    "two-hash-keys": (
        table("two-hash-keys",
              attributeDefinitions=[{"attributeName": "pk", "attributeType": "S"},
                                    {"attributeName": "pk2", "attributeType": "S"}],
              keySchema=[{"attributeName": "pk", "keyType": "HASH"},
                         {"attributeName": "pk2", "keyType": "HASH"}]),
        ["spec.keySchema", "HASH"]),
}


def refusal(admin, namespace, manifest, timeout=60):
    """Applies `manifest`; returns ("api", stderr) when the API server refuses
    it, else waits for ACK.Terminal=True and returns ("terminal", message)."""
    result = admin.run("apply", "-n", namespace, "-f", "-", stdin=json.dumps(manifest), check=False)
    if result.returncode != 0:
        return "api", result.stderr
    name = manifest["metadata"]["name"]

    def terminal():
        entry = condition(admin.get("table", name, namespace), "ACK.Terminal")
        return entry if entry and entry["status"] == "True" else None
    return "terminal", wait_for(terminal, timeout=timeout, what=f"table {name} Terminal")["message"]


def aws_writes(emulator):
    counts = emulator.counts("dynamodb:*")
    return {call: n for call, n in counts.items()
            if call in ("dynamodb:CreateTable", "dynamodb:UpdateTable") and n}


@pytest.mark.parametrize("case", list(CASES))
def test_an_invalid_manifest_is_refused_with_the_field_named(admin, namespace, start_controller, emulator, case):
    controller = start_controller()
    manifest, words = CASES[case]
    emulator.clear_requests()
    where, message = refusal(admin, namespace, copy.deepcopy(manifest))
    for word in words:
        assert word in message, (where, message)
    if case == "ref-and-key-id":
        assert where == "api", message
    time.sleep(3)  # a few more reconciles, if it got in
    assert aws_writes(emulator) == {}
    assert controller.probe("/healthz") == 200


def test_immutable_changes_are_refused_by_the_api_server(admin, namespace, start_controller, emulator):
    controller = start_controller()
    manifest = table("fixed")
    admin.apply(manifest, namespace)

    def synced():
        entry = condition(admin.get("table", "fixed", namespace), "ACK.ResourceSynced")
        return entry and entry["status"] == "True"
    wait_for(synced, timeout=120, what="table fixed synced")
    emulator.clear_requests()

    renamed = copy.deepcopy(manifest)
    renamed["spec"]["tableName"] = unique("renamed")
    result = admin.run("apply", "-n", namespace, "-f", "-", stdin=json.dumps(renamed), check=False)
    assert result.returncode != 0 and "spec.tableName" in result.stderr and "immutable" in result.stderr, result

    rekeyed = copy.deepcopy(manifest)
    rekeyed["spec"]["attributeDefinitions"].append({"attributeName": "sk", "attributeType": "S"})
    rekeyed["spec"]["keySchema"].append({"attributeName": "sk", "keyType": "RANGE"})
    result = admin.run("apply", "-n", namespace, "-f", "-", stdin=json.dumps(rekeyed), check=False)
    assert result.returncode != 0 and "spec.keySchema" in result.stderr and "immutable" in result.stderr, result

    time.sleep(3)
    assert aws_writes(emulator) == {}
    assert admin.get("table", "fixed", namespace)["spec"]["tableName"] == manifest["spec"]["tableName"]
    assert controller.probe("/healthz") == 200


def test_the_controller_stays_up_through_all_of_them_at_once(admin, namespace, start_controller, emulator, dynamodb):
    controller = start_controller()
    emulator.clear_requests()
    for manifest, _ in CASES.values():
        admin.run("apply", "-n", namespace, "-f", "-", stdin=json.dumps(manifest), check=False)
    # Then a valid one still converges next to them.
    good = table("good")
    admin.apply(good, namespace)

    def synced():
        entry = condition(admin.get("table", "good", namespace), "ACK.ResourceSynced")
        return entry and entry["status"] == "True"
    wait_for(synced, timeout=120, what="the valid table synced")
    time.sleep(3)
    assert aws_writes(emulator) == {"dynamodb:CreateTable": 1}
    assert dynamodb.describe_table(TableName=good["spec"]["tableName"])["Table"]["TableStatus"] == "ACTIVE"
    assert controller.probe("/healthz") == 200
