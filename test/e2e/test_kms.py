"""End-to-end: the Key and Alias controllers (issue 5), checked with kubectl
and boto3; AWS writes counted from the emulator's request log."""
import json
import pathlib
import string
import uuid

import pytest

from conftest import condition, wait_for

SAMPLES = pathlib.Path(__file__).parent / "ack_samples"
RESYNC = ("--reconcile-default-resync-seconds", "2")


def sample(name, **variables):
    return string.Template((SAMPLES / f"{name}.yaml").read_text()).substitute(variables)


def synced(admin, kind, name, namespace):
    def check():
        obj = admin.get(kind, name, namespace)
        entry = condition(obj, "ACK.ResourceSynced")
        return obj if entry and entry["status"] == "True" else None
    return wait_for(check, what=f"{kind} {name} synced")


def has_condition(admin, kind, name, namespace, kind_of_condition, status, timeout=60):
    def check():
        obj = admin.get(kind, name, namespace)
        entry = condition(obj, kind_of_condition)
        return obj if entry and entry["status"] == status else None
    return wait_for(check, timeout=timeout, what=f"{kind} {name} {kind_of_condition}={status}")


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_ack_sample_manifests_apply_unchanged_and_converge(admin, namespace, start_controller, kms):
    start_controller()
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "Enable IAM User Permissions", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}]})
    admin.apply(sample("key_simple", KEY_NAME="simple"), namespace)
    admin.apply(sample("key_with_rotation", KEY_NAME="rotated", DESCRIPTION="rotated key"), namespace)
    admin.apply(sample("key_with_policy", KEY_NAME="governed", DESCRIPTION="key with policy",
                       KEY_POLICY=policy), namespace)
    admin.apply(sample("key_annotated", KEY_NAME="patient", PENDING_WINDOW="14"), namespace)
    alias_ref = unique("ref")
    admin.apply(sample("alias_ref", REF_ALIAS_NAME=alias_ref, REF_KEY_NAME="simple"), namespace)

    simple = synced(admin, "key", "simple", namespace)
    key_id = simple["status"]["keyID"]
    described = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert described["Description"] == "Key created by ACK tests"
    assert described["KeyState"] == "Enabled"
    assert simple["status"]["ackResourceMetadata"]["arn"] == described["Arn"]

    rotated = synced(admin, "key", "rotated", namespace)
    assert kms.get_key_rotation_status(KeyId=rotated["status"]["keyID"])["KeyRotationEnabled"] is True

    governed = synced(admin, "key", "governed", namespace)
    stored = json.loads(kms.get_key_policy(KeyId=governed["status"]["keyID"], PolicyName="default")["Policy"])
    assert stored["Statement"][0]["Sid"] == "Enable IAM User Permissions"
    synced(admin, "key", "patient", namespace)

    synced(admin, "alias", alias_ref, namespace)
    alias_simple = unique("simple")
    admin.apply(sample("alias_simple", ALIAS_NAME=alias_simple, TARGET_KEY_ID=key_id), namespace)
    synced(admin, "alias", alias_simple, namespace)
    targets = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases(KeyId=key_id)["Aliases"]}
    assert targets == {f"alias/{alias_ref}": key_id, f"alias/{alias_simple}": key_id}


def test_key_updates_and_deletion_with_its_pending_window(admin, namespace, start_controller, kms, emulator):
    start_controller()
    admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Key",
                 "metadata": {"name": "orders", "annotations": {"kms.services.k8s.aws/pending-window-in-days": "14"}},
                 "spec": {"description": "orders v1", "tags": [{"tagKey": "team", "tagValue": "orders"}]}}, namespace)
    key = synced(admin, "key", "orders", namespace)
    key_id = key["status"]["keyID"]
    assert key["status"]["keyState"] == "Enabled"
    assert {t["TagKey"]: t["TagValue"] for t in kms.list_resource_tags(KeyId=key_id)["Tags"]}["team"] == "orders"

    admin.run("patch", "key", "orders", "-n", namespace, "--type", "merge", "-p", json.dumps(
        {"spec": {"description": "orders v2", "enableKeyRotation": True,
                  "tags": [{"tagKey": "team", "tagValue": "payments"}]}}))
    wait_for(lambda: kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == "orders v2",
             what="the new description in KMS")
    wait_for(lambda: kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"], what="rotation on")
    wait_for(lambda: {t["TagKey"]: t["TagValue"] for t in kms.list_resource_tags(KeyId=key_id)["Tags"]}.get("team")
             == "payments", what="the new tag value")
    synced(admin, "key", "orders", namespace)

    # spec.enabled (our addition) disables and enables the key.
    admin.run("patch", "key", "orders", "-n", namespace, "--type", "merge", "-p", '{"spec": {"enabled": false}}')
    wait_for(lambda: kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled", what="key disabled")
    admin.run("patch", "key", "orders", "-n", namespace, "--type", "merge", "-p", '{"spec": {"enabled": true}}')
    wait_for(lambda: kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled", what="key enabled")
    synced(admin, "key", "orders", namespace)

    # Converged: resyncs make no writes.
    emulator.clear_requests()
    admin.run("annotate", "key", "orders", "-n", namespace, "tablekeeper.io/resync-seconds=1")
    wait_for(lambda: emulator.count("kms:DescribeKey") >= 3, what="three resyncs")
    writes = {call: n for call, n in emulator.counts("kms:*").items()
              if not call.split(":")[1].startswith(("Describe", "Get", "List"))}
    assert writes == {}

    admin.run("delete", "key", "orders", "-n", namespace, "--wait=false")
    wait_for(lambda: admin.get("key", "orders", namespace) is None, what="the Key object gone")
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert metadata["KeyState"] == "PendingDeletion"
    assert metadata.get("PendingDeletionWindowInDays", 14) == 14


def test_an_alias_by_reference_waits_for_its_key_then_follows_a_retarget(admin, namespace, start_controller, kms):
    start_controller()
    alias = unique("orders")
    admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Alias", "metadata": {"name": "orders"},
                 "spec": {"name": f"alias/{alias}", "targetKeyRef": {"from": {"name": "first"}}}}, namespace)
    waiting = has_condition(admin, "alias", "orders", namespace, "ACK.ReferencesResolved", "False")
    assert "first" in condition(waiting, "ACK.ReferencesResolved")["message"]
    assert not [a for a in kms.list_aliases()["Aliases"] if a["AliasName"] == f"alias/{alias}"]

    for name in ("first", "second"):
        admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Key", "metadata": {"name": name},
                     "spec": {"description": name}}, namespace)
    first = synced(admin, "key", "first", namespace)["status"]["keyID"]
    second = synced(admin, "key", "second", namespace)["status"]["keyID"]
    synced(admin, "alias", "orders", namespace)
    assert kms.describe_key(KeyId=f"alias/{alias}")["KeyMetadata"]["KeyId"] == first

    admin.run("patch", "alias", "orders", "-n", namespace, "--type", "merge",
              "-p", json.dumps({"spec": {"targetKeyRef": {"from": {"name": "second"}}}}))
    wait_for(lambda: kms.describe_key(KeyId=f"alias/{alias}")["KeyMetadata"]["KeyId"] == second,
             what="the alias retargeted in KMS")
    synced(admin, "alias", "orders", namespace)

    admin.run("delete", "alias", "orders", "-n", namespace, "--wait=false")
    wait_for(lambda: admin.get("alias", "orders", namespace) is None, what="the Alias object gone")
    assert not [a for a in kms.list_aliases()["Aliases"] if a["AliasName"] == f"alias/{alias}"]


def test_a_key_disabled_or_scheduled_for_deletion_behind_our_back_is_reported(admin, namespace, start_controller, kms):
    start_controller(*RESYNC)
    for name in ("disabled", "doomed"):
        admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Key", "metadata": {"name": name},
                     "spec": {"description": name}}, namespace)
    disabled = synced(admin, "key", "disabled", namespace)["status"]["keyID"]
    doomed = synced(admin, "key", "doomed", namespace)["status"]["keyID"]
    alias = unique("uses-disabled")
    admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Alias", "metadata": {"name": "dependent"},
                 "spec": {"name": f"alias/{alias}", "targetKeyRef": {"from": {"name": "disabled"}}}}, namespace)
    synced(admin, "alias", "dependent", namespace)

    kms.disable_key(KeyId=disabled)
    kms.schedule_key_deletion(KeyId=doomed, PendingWindowInDays=7)
    wait_for(lambda: (admin.get("key", "disabled", namespace) or {}).get("status", {}).get("keyState") == "Disabled",
             what="keyState Disabled on the object")
    wait_for(lambda: (admin.get("key", "doomed", namespace) or {}).get("status", {}).get("keyState")
             == "PendingDeletion", what="keyState PendingDeletion on the object")
    # A dependent stops resolving: the key is not usable (ACK would call it synced).
    blocked = has_condition(admin, "alias", "dependent", namespace, "ACK.ReferencesResolved", "False")
    assert "Disabled" in condition(blocked, "ACK.ReferencesResolved")["message"]


@pytest.mark.parametrize("alias_name,expected", [
    ("orders", "alias/"),
    ("alias/aws/orders", "alias/aws/"),
])
def test_invalid_alias_names_are_refused_by_the_api_server(admin, namespace, crds, alias_name, expected):
    result = admin.run("apply", "-n", namespace, "-f", "-", check=False, stdin=json.dumps({
        "apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Alias", "metadata": {"name": "bad"},
        "spec": {"name": alias_name, "targetKeyID": "1234abcd-12ab-34cd-56ef-1234567890ab"}}))
    assert result.returncode != 0
    assert expected in result.stderr


def test_an_immutable_key_field_change_is_refused_by_the_api_server(admin, namespace, crds):
    admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Key", "metadata": {"name": "fixed"},
                 "spec": {"description": "fixed", "keySpec": "SYMMETRIC_DEFAULT"}}, namespace)
    result = admin.run("patch", "key", "fixed", "-n", namespace, "--type", "merge",
                       "-p", json.dumps({"spec": {"keySpec": "RSA_2048"}}), check=False)
    assert result.returncode != 0
    assert "keySpec" in result.stderr


def test_a_pending_window_outside_7_to_30_ends_terminal_without_an_aws_write(
        admin, namespace, start_controller, emulator):
    start_controller()
    emulator.clear_requests()
    admin.apply(sample("key_annotated", KEY_NAME="hasty", PENDING_WINDOW="3"), namespace)
    terminal = has_condition(admin, "key", "hasty", namespace, "ACK.Terminal", "True")
    message = condition(terminal, "ACK.Terminal")["message"]
    assert "kms.services.k8s.aws/pending-window-in-days" in message and "7" in message and "30" in message
    assert emulator.count("kms:CreateKey") == 0


def test_an_existing_key_is_adopted_by_its_id_without_a_write(admin, namespace, start_controller, kms, emulator):
    existing = kms.create_key(Description="made outside Kubernetes")["KeyMetadata"]
    start_controller()
    emulator.clear_requests()
    admin.apply({"apiVersion": "kms.services.k8s.aws/v1alpha1", "kind": "Key",
                 "metadata": {"name": "adopted", "annotations": {
                     "services.k8s.aws/adoption-policy": "adopt",
                     "services.k8s.aws/adoption-fields": json.dumps({"keyID": existing["KeyId"]})}},
                 "spec": {}}, namespace)
    adopted = synced(admin, "key", "adopted", namespace)
    assert adopted["status"]["keyID"] == existing["KeyId"]
    assert adopted["status"]["ackResourceMetadata"]["arn"] == existing["Arn"]
    assert adopted["spec"]["description"] == "made outside Kubernetes"
    writes = {call: n for call, n in emulator.counts("kms:*").items()
              if not call.split(":")[1].startswith(("Describe", "Get", "List"))}
    assert writes == {}
