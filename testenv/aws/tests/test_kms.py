"""KMS key-state operations: key ARNs accepted, the deletion window checked, AWS managed keys marked."""

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def key(aws):
    return aws.client("kms").create_key()["KeyMetadata"]


@pytest.mark.parametrize("name", ["KeyId", "Arn"])
def test_schedule_key_deletion_accepts_key_id_and_arn(aws, key, name):
    kms = aws.client("kms")
    answer = kms.schedule_key_deletion(KeyId=key[name], PendingWindowInDays=7)
    assert answer["KeyId"] == key["Arn"]
    assert answer["KeyState"] == "PendingDeletion"
    assert answer["PendingWindowInDays"] == 7
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_schedule_key_deletion_defaults_to_thirty_days(aws, key):
    assert aws.client("kms").schedule_key_deletion(KeyId=key["Arn"])["PendingWindowInDays"] == 30


@pytest.mark.parametrize("days", [6, 31])
def test_pending_window_outside_7_to_30_days_is_refused(aws, key, days):
    kms = aws.client("kms")
    with pytest.raises(ClientError) as raised:
        kms.schedule_key_deletion(KeyId=key["Arn"], PendingWindowInDays=days)
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_key_state_operations_accept_a_key_arn(aws, key):
    kms = aws.client("kms")
    kms.disable_key(KeyId=key["Arn"])
    assert kms.describe_key(KeyId=key["Arn"])["KeyMetadata"]["KeyState"] == "Disabled"
    kms.enable_key(KeyId=key["Arn"])
    kms.schedule_key_deletion(KeyId=key["Arn"], PendingWindowInDays=7)
    kms.cancel_key_deletion(KeyId=key["Arn"])
    assert kms.describe_key(KeyId=key["Arn"])["KeyMetadata"]["KeyState"] == "Disabled"


def test_reserved_alias_key_is_aws_managed(aws, key):
    kms = aws.client("kms")
    assert kms.describe_key(KeyId="alias/aws/dynamodb")["KeyMetadata"]["KeyManager"] == "AWS"
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyManager"] == "CUSTOMER"
