"""GetKeyPolicy and PutKeyPolicy: PolicyName is optional and means "default"."""

import json

import pytest
from botocore.exceptions import ClientError
from support import ACCOUNT

POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"}],
}


def test_policy_name_may_be_left_out(aws):
    kms = aws.client("kms")
    key = kms.create_key()["KeyMetadata"]
    assert json.loads(kms.get_key_policy(KeyId=key["KeyId"])["Policy"])["Statement"]
    kms.put_key_policy(KeyId=key["Arn"], Policy=json.dumps(POLICY))
    assert json.loads(kms.get_key_policy(KeyId=key["Arn"])["Policy"]) == POLICY
    assert json.loads(kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"]) == POLICY


def test_another_policy_name_is_not_found(aws):
    kms = aws.client("kms")
    key = kms.create_key()["KeyMetadata"]
    with pytest.raises(ClientError) as raised:
        kms.get_key_policy(KeyId=key["KeyId"], PolicyName="other")
    assert raised.value.response["Error"]["Code"] == "NotFoundException"
