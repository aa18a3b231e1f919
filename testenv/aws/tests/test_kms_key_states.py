"""KMS operations a key's state does not allow are refused; CancelKeyDeletion answers the key ARN."""

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def kms(aws):
    return aws.client("kms")


@pytest.fixture
def key(kms):
    return kms.create_key(Description="orders")["KeyMetadata"]


@pytest.fixture
def pending(kms, key):
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    return key


def refusal(call):
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"], raised.value.response["ResponseMetadata"]["HTTPStatusCode"]


OPERATIONS_REFUSED_WHILE_PENDING_DELETION = {
    "EnableKey": lambda kms, key: kms.enable_key(KeyId=key),
    "DisableKey": lambda kms, key: kms.disable_key(KeyId=key),
    "ScheduleKeyDeletion": lambda kms, key: kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7),
    "UpdateKeyDescription": lambda kms, key: kms.update_key_description(KeyId=key, Description="new"),
    "TagResource": lambda kms, key: kms.tag_resource(KeyId=key, Tags=[{"TagKey": "team", "TagValue": "x"}]),
    "UntagResource": lambda kms, key: kms.untag_resource(KeyId=key, TagKeys=["team"]),
    "EnableKeyRotation": lambda kms, key: kms.enable_key_rotation(KeyId=key),
    "DisableKeyRotation": lambda kms, key: kms.disable_key_rotation(KeyId=key),
    "CreateAlias": lambda kms, key: kms.create_alias(AliasName="alias/orders", TargetKeyId=key),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS_REFUSED_WHILE_PENDING_DELETION))
@pytest.mark.parametrize("name", ["KeyId", "Arn"])
def test_operations_on_a_key_pending_deletion_are_refused(kms, pending, operation, name):
    error, status = refusal(lambda: OPERATIONS_REFUSED_WHILE_PENDING_DELETION[operation](kms, pending[name]))
    assert error == {"Code": "KMSInvalidStateException", "Message": f"{pending['Arn']} is pending deletion."}
    assert status == 400
    metadata = kms.describe_key(KeyId=pending["KeyId"])["KeyMetadata"]
    assert metadata["KeyState"] == "PendingDeletion" and metadata["Enabled"] is False and "DeletionDate" in metadata
    assert metadata["Description"] == "orders"


def test_update_alias_to_a_key_pending_deletion_is_refused(kms, key):
    other = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/orders", TargetKeyId=key["KeyId"])
    kms.schedule_key_deletion(KeyId=other["KeyId"], PendingWindowInDays=7)
    error, _ = refusal(lambda: kms.update_alias(AliasName="alias/orders", TargetKeyId=other["KeyId"]))
    assert error["Code"] == "KMSInvalidStateException"
    assert kms.describe_key(KeyId="alias/orders")["KeyMetadata"]["KeyId"] == key["KeyId"]


@pytest.mark.parametrize("state", ["Enabled", "Disabled"])
def test_cancel_key_deletion_of_a_key_not_pending_deletion_is_refused(kms, key, state):
    if state == "Disabled":
        kms.disable_key(KeyId=key["KeyId"])
    error, _ = refusal(lambda: kms.cancel_key_deletion(KeyId=key["KeyId"]))
    assert error == {"Code": "KMSInvalidStateException", "Message": f"{key['Arn']} is not pending deletion."}
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == state


@pytest.mark.parametrize("name", ["KeyId", "Arn"])
def test_cancel_key_deletion_answers_the_key_arn_and_leaves_the_key_disabled(kms, pending, name):
    assert kms.cancel_key_deletion(KeyId=pending[name])["KeyId"] == pending["Arn"]
    metadata = kms.describe_key(KeyId=pending["KeyId"])["KeyMetadata"]
    assert (metadata["KeyState"], metadata["Enabled"]) == ("Disabled", False)
    assert "DeletionDate" not in metadata
    kms.enable_key(KeyId=pending["KeyId"])
    assert kms.describe_key(KeyId=pending["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


@pytest.mark.parametrize("operation", ["enable_key_rotation", "disable_key_rotation"])
def test_key_rotation_of_a_disabled_key_is_refused(kms, key, operation):
    kms.disable_key(KeyId=key["KeyId"])
    error, _ = refusal(lambda: getattr(kms, operation)(KeyId=key["KeyId"]))
    assert error == {"Code": "DisabledException", "Message": f"{key['Arn']} is disabled."}
