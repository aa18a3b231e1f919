"""End-to-end: the Table controller with KMS references and canonical key
comparison (issue 6), checked with kubectl and boto3; AWS calls counted from
the emulator's request log."""
import json
import time
import uuid

from conftest import condition, wait_for

ACCOUNT = "123456789012"
REGION = "us-east-1"


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def key_manifest(name):
    return {"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Key", "metadata": {"name": name},
            "spec": {"description": f"tablekeeper e2e {name}"}}


def table_manifest(name, table_name, sse=None, annotations=None, **spec):
    manifest = {
        "apiVersion": "dynamodb.services.k8s.aws/v1alpha1", "kind": "Table",
        "metadata": {"name": name, "annotations": annotations or {}},
        "spec": {"tableName": table_name,
                 "attributeDefinitions": [{"attributeName": "pk", "attributeType": "S"}],
                 "keySchema": [{"attributeName": "pk", "keyType": "HASH"}],
                 "billingMode": "PAY_PER_REQUEST", **spec},
    }
    if sse is not None:
        manifest["spec"]["sseSpecification"] = sse
    return manifest


def synced(admin, kind, name, namespace, timeout=120):
    def check():
        obj = admin.get(kind, name, namespace)
        entry = condition(obj, "ACK.ResourceSynced")
        return obj if entry and entry["status"] == "True" else None
    return wait_for(check, timeout=timeout, what=f"{kind} {name} synced")


def with_condition(admin, kind, name, namespace, type_, status, timeout=90):
    def check():
        obj = admin.get(kind, name, namespace)
        entry = condition(obj, type_)
        return obj if entry and entry["status"] == status else None
    return wait_for(check, timeout=timeout, what=f"{kind} {name} {type_}={status}")


def sse_key_arn(dynamodb, table_name):
    return (dynamodb.describe_table(TableName=table_name)["Table"].get("SSEDescription") or {}).get("KMSMasterKeyArn")


def test_seed_scenario_four_ways_of_naming_a_key_converge_and_stay_quiet(
        admin, namespace, start_controller, dynamodb, emulator):
    start_controller()
    admin.apply(key_manifest("orders-key"), namespace)
    key = synced(admin, "key", "orders-key", namespace)
    key_arn = key["status"]["ackResourceMetadata"]["arn"]
    key_id = key["status"]["keyID"]
    alias = unique("orders")
    admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Alias", "metadata": {"name": "orders"},
                 "spec": {"name": f"alias/{alias}", "targetKeyRef": {"from": {"name": "orders-key"}}}}, namespace)
    synced(admin, "alias", "orders", namespace)

    names = {form: unique(f"seed-{form}") for form in ("ref", "alias", "aliasarn", "keyid")}
    forms = {
        "ref": {"enabled": True, "sseType": "KMS", "kmsMasterKeyRef": {"from": {"name": "orders-key"}}},
        "alias": {"enabled": True, "sseType": "KMS", "kmsMasterKeyID": f"alias/{alias}"},
        "aliasarn": {"enabled": True, "sseType": "KMS",
                     "kmsMasterKeyID": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/{alias}"},
        "keyid": {"enabled": True, "sseType": "KMS", "kmsMasterKeyID": key_id},
    }
    for form, sse in forms.items():
        admin.apply(table_manifest(form, names[form], sse), namespace)
    for form in forms:
        table = synced(admin, "table", form, namespace)
        assert table["status"]["tableStatus"] == "ACTIVE"
        assert sse_key_arn(dynamodb, names[form]) == key_arn, form

    # Steady state: at least 5 resyncs of every table, and not one write or
    # KMS call among them. First let the Key's and the Alias's own follow-up
    # look after their creation pass (5 s later) happen: those KMS reads are
    # theirs, not the tables'.
    time.sleep(6)
    emulator.clear_requests()
    for form in forms:
        admin.run("annotate", "table", form, "-n", namespace, "tablekeeper.io/resync-seconds=1")
    wait_for(lambda: emulator.count("dynamodb:DescribeTable") >= 5 * len(forms) + len(forms),
             timeout=120, what="five resyncs of each table")
    counts = emulator.counts()
    assert counts.get("dynamodb:UpdateTable", 0) == 0, counts
    assert {call: n for call, n in counts.items() if call.startswith("kms:")} == {}, counts
    for form in forms:
        assert condition(admin.get("table", form, namespace), "ACK.ResourceSynced")["status"] == "True"


def test_moving_a_table_to_another_key_by_reference_is_one_sse_update(
        admin, namespace, start_controller, dynamodb, emulator):
    start_controller()
    for name in ("first-key", "second-key"):
        admin.apply(key_manifest(name), namespace)
    first = synced(admin, "key", "first-key", namespace)["status"]["ackResourceMetadata"]["arn"]
    second = synced(admin, "key", "second-key", namespace)["status"]["ackResourceMetadata"]["arn"]
    table_name = unique("moving")
    admin.apply(table_manifest("moving", table_name, {"enabled": True, "sseType": "KMS",
                                                       "kmsMasterKeyRef": {"from": {"name": "first-key"}}}), namespace)
    synced(admin, "table", "moving", namespace)
    assert sse_key_arn(dynamodb, table_name) == first

    emulator.clear_requests()
    admin.run("patch", "table", "moving", "-n", namespace, "--type", "merge", "-p", json.dumps(
        {"spec": {"sseSpecification": {"kmsMasterKeyRef": {"from": {"name": "second-key"}}}}}))
    wait_for(lambda: sse_key_arn(dynamodb, table_name) == second, what="the table on the second key")
    synced(admin, "table", "moving", namespace)
    assert emulator.accepted("dynamodb:UpdateTable").get("dynamodb:UpdateTable", 0) == 1


def test_a_table_waits_for_its_key_reference(admin, namespace, start_controller, dynamodb, emulator):
    start_controller()
    table_name = unique("waiting")
    emulator.clear_requests()
    admin.apply(table_manifest("waiting", table_name, {"enabled": True, "sseType": "KMS",
                                                        "kmsMasterKeyRef": {"from": {"name": "later-key"}}}), namespace)
    blocked = with_condition(admin, "table", "waiting", namespace, "ACK.ReferencesResolved", "False")
    assert "later-key" in condition(blocked, "ACK.ReferencesResolved")["message"]
    assert emulator.count("dynamodb:CreateTable") == 0

    admin.apply(key_manifest("later-key"), namespace)
    key_arn = synced(admin, "key", "later-key", namespace)["status"]["ackResourceMetadata"]["arn"]
    synced(admin, "table", "waiting", namespace)
    assert sse_key_arn(dynamodb, table_name) == key_arn
    # The resolved ARN stays out of the user's spec.
    spec = admin.get("table", "waiting", namespace)["spec"]["sseSpecification"]
    assert "kmsMasterKeyID" not in spec


def test_the_encryption_quota_backs_off_with_the_reason_on_the_condition(
        admin, namespace, start_controller, dynamodb, emulator):
    start_controller()
    for name in ("quota-a", "quota-b"):
        admin.apply(key_manifest(name), namespace)
    synced(admin, "key", "quota-a", namespace)
    synced(admin, "key", "quota-b", namespace)
    table_name = unique("quota")
    admin.apply(table_manifest("quota", table_name, {"enabled": True, "sseType": "KMS",
                                                      "kmsMasterKeyRef": {"from": {"name": "quota-a"}}}), namespace)
    synced(admin, "table", "quota", namespace)

    emulator.settings(sse_change_limit=0)
    try:
        emulator.clear_requests()
        admin.run("patch", "table", "quota", "-n", namespace, "--type", "merge", "-p", json.dumps(
            {"spec": {"sseSpecification": {"kmsMasterKeyRef": {"from": {"name": "quota-b"}}}}}))
        throttled = with_condition(admin, "table", "quota", namespace, "ACK.Recoverable", "True")
        message = condition(throttled, "ACK.Recoverable")["message"]
        assert "LimitExceededException" in message and "retrying in" in message
        attempts = emulator.count("dynamodb:UpdateTable")
        time.sleep(10)
        # No tight loop: the back-off is a minute, so no further attempt yet.
        assert emulator.count("dynamodb:UpdateTable") == attempts == 1
    finally:
        emulator.settings(sse_change_limit=4)


def test_deletion_protection_is_reported_not_forced_off(admin, namespace, start_controller, dynamodb):
    start_controller()
    table_name = unique("protected")
    admin.apply(table_manifest("protected", table_name, deletionProtectionEnabled=True), namespace)
    synced(admin, "table", "protected", namespace)
    assert dynamodb.describe_table(TableName=table_name)["Table"]["DeletionProtectionEnabled"] is True

    admin.run("delete", "table", "protected", "-n", namespace, "--wait=false")
    stuck = with_condition(admin, "table", "protected", namespace, "ACK.Terminal", "True")
    assert "deletion protection" in condition(stuck, "ACK.Terminal")["message"].lower()
    assert dynamodb.describe_table(TableName=table_name)["Table"]["TableStatus"] == "ACTIVE"

    # Retaining lets the object go and leaves the table.
    admin.run("annotate", "table", "protected", "-n", namespace, "services.k8s.aws/deletion-policy=retain")
    wait_for(lambda: admin.get("table", "protected", namespace) is None, what="the object gone")
    assert dynamodb.describe_table(TableName=table_name)["Table"]["TableStatus"] == "ACTIVE"
    dynamodb.update_table(TableName=table_name, DeletionProtectionEnabled=False)


def test_adopting_an_existing_table_fills_the_spec_and_writes_nothing(
        admin, namespace, start_controller, dynamodb, emulator):
    table_name = unique("adopted")
    dynamodb.create_table(TableName=table_name, BillingMode="PAY_PER_REQUEST",
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                          KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    start_controller()
    emulator.clear_requests()
    manifest = table_manifest("adopted", table_name, annotations={
        "services.k8s.aws/adoption-policy": "adopt",
        "services.k8s.aws/adoption-fields": json.dumps({"tableName": table_name})})
    manifest["spec"]["attributeDefinitions"] = [{"attributeName": "id", "attributeType": "S"}]
    manifest["spec"]["keySchema"] = [{"attributeName": "id", "keyType": "HASH"}]
    del manifest["spec"]["billingMode"]
    admin.apply(manifest, namespace)
    adopted = synced(admin, "table", "adopted", namespace)
    assert adopted["spec"]["billingMode"] == "PAY_PER_REQUEST"
    assert adopted["status"]["ackResourceMetadata"]["arn"].endswith(f":table/{table_name}")
    assert emulator.count("dynamodb:CreateTable") == 0
    assert emulator.count("dynamodb:UpdateTable") == 0


def test_a_table_applied_with_its_alias_waits_for_the_alias_instead_of_failing(
        admin, namespace, start_controller, dynamodb):
    # As `kubectl apply -f dir/` does: the Table may be seen before its Alias exists in KMS.
    start_controller()
    alias = unique("together")
    table_name = unique("together")
    admin.apply({"apiVersion": "v1", "kind": "List", "items": [
        table_manifest("together", table_name, {"enabled": True, "sseType": "KMS",
                                                 "kmsMasterKeyID": f"alias/{alias}"}),
        {"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Alias", "metadata": {"name": "together"},
         "spec": {"name": f"alias/{alias}", "targetKeyRef": {"from": {"name": "together-key"}}}},
        key_manifest("together-key")]}, namespace)
    key_arn = synced(admin, "key", "together-key", namespace)["status"]["ackResourceMetadata"]["arn"]
    table = synced(admin, "table", "together", namespace)
    assert condition(table, "ACK.Terminal") is None
    assert sse_key_arn(dynamodb, table_name) == key_arn
