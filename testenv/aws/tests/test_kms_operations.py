"""KMS behaviour the controller relies on that moto already has right, pinned against moto upgrades."""

import datetime

import pytest
from support import ACCOUNT, REGION


@pytest.fixture
def kms(aws):
    return aws.client("kms")


def test_update_alias_moves_the_alias_to_another_key(kms):
    first = kms.create_key()["KeyMetadata"]
    second = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/orders", TargetKeyId=first["KeyId"])
    kms.update_alias(AliasName="alias/orders", TargetKeyId=second["Arn"])
    assert kms.describe_key(KeyId="alias/orders")["KeyMetadata"]["Arn"] == second["Arn"]
    assert kms.list_aliases(KeyId=first["KeyId"])["Aliases"] == []
    [alias] = kms.list_aliases(KeyId=second["KeyId"])["Aliases"]
    assert alias["TargetKeyId"] == second["KeyId"]


@pytest.mark.parametrize(
    "name", ["KeyId", "Arn", "alias/orders", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/orders"]
)
def test_describe_key_accepts_the_four_names(kms, name):
    key = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/orders", TargetKeyId=key["KeyId"])
    assert kms.describe_key(KeyId=key.get(name, name))["KeyMetadata"]["Arn"] == key["Arn"]


def test_key_rotation_is_enabled_and_disabled(kms):
    key = kms.create_key()["KeyMetadata"]
    assert kms.get_key_rotation_status(KeyId=key["Arn"])["KeyRotationEnabled"] is False
    kms.enable_key_rotation(KeyId=key["Arn"])
    assert kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"] is True
    kms.disable_key_rotation(KeyId=key["KeyId"])
    assert kms.get_key_rotation_status(KeyId=key["Arn"])["KeyRotationEnabled"] is False


def test_update_key_description(kms):
    key = kms.create_key(Description="old")["KeyMetadata"]
    kms.update_key_description(KeyId=key["Arn"], Description="new")
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["Description"] == "new"


def test_tags_are_added_overwritten_and_removed(kms):
    key = kms.create_key(Tags=[{"TagKey": "team", "TagValue": "payments"}])["KeyMetadata"]
    kms.tag_resource(KeyId=key["Arn"], Tags=[{"TagKey": "team", "TagValue": "billing"}, {"TagKey": "env", "TagValue": "test"}])
    kms.untag_resource(KeyId=key["KeyId"], TagKeys=["env"])
    assert kms.list_resource_tags(KeyId=key["Arn"])["Tags"] == [{"TagKey": "team", "TagValue": "billing"}]


def test_schedule_key_deletion_shows_state_and_deletion_date(kms):
    key = kms.create_key()["KeyMetadata"]
    before = datetime.datetime.now(datetime.timezone.utc)
    answer = kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    metadata = kms.describe_key(KeyId=key["Arn"])["KeyMetadata"]
    assert (metadata["KeyState"], metadata["Enabled"]) == ("PendingDeletion", False)
    assert metadata["DeletionDate"] == answer["DeletionDate"]
    assert datetime.timedelta(days=6) < metadata["DeletionDate"] - before < datetime.timedelta(days=8)
