"""The AWS emulator of the test world, seen through boto3.

A KMS key with an alias encrypts a table named by the alias, and DynamoDB
describes it with the key's ARN, as AWS does; the fault injector answers the
next DescribeTable with LimitExceededException and then steps aside.
"""
import json
import urllib.request
import uuid

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config


def control(emulator_control, method, path, body=None):
    request = urllib.request.Request(
        emulator_control + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture
def encrypted_table(kms, dynamodb):
    key = kms.create_key(Description="integration test key")["KeyMetadata"]
    alias = f"alias/it-{uuid.uuid4().hex[:8]}"
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
    name = f"it-{uuid.uuid4().hex[:8]}"
    dynamodb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": alias})
    dynamodb.get_waiter("table_exists").wait(
        TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    yield name, key
    dynamodb.delete_table(TableName=name)


def test_a_table_encrypted_by_alias_is_described_with_the_key_arn(dynamodb, encrypted_table):
    name, key = encrypted_table
    sse = dynamodb.describe_table(TableName=name)["Table"]["SSEDescription"]
    assert sse["SSEType"] == "KMS"
    assert sse["Status"] == "ENABLED"
    assert sse["KMSMasterKeyArn"] == key["Arn"]
    assert key["Arn"].startswith("arn:aws:kms:us-east-1:")


def test_the_fault_injector_fails_the_next_describe_table(
        aws_endpoint, emulator_control, encrypted_table):
    name, _ = encrypted_table
    no_retries = boto3.client("dynamodb", endpoint_url=aws_endpoint,
                              config=Config(retries={"total_max_attempts": 1}))
    control(emulator_control, "POST", "/faults", {
        "match": "dynamodb:DescribeTable", "error": "LimitExceededException",
        "status": 400, "count": 1})
    try:
        with pytest.raises(botocore.exceptions.ClientError) as failure:
            no_retries.describe_table(TableName=name)
        assert failure.value.response["Error"]["Code"] == "LimitExceededException"
        assert no_retries.describe_table(TableName=name)["Table"]["TableName"] == name
    finally:
        control(emulator_control, "DELETE", "/faults")

    calls = control(emulator_control, "GET", "/requests?match=dynamodb:DescribeTable")
    statuses = [r["status"] for r in calls["requests"] if r["operation"] == "DescribeTable"]
    assert statuses[-2:] == [400, 200]
