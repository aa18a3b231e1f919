"""Fault injection through the control endpoint: errors in each protocol's shape, probability, latency, drops."""

import json
import random
import time
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError
from support import create_table


def error_of(call):
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_next_describe_table_fails_then_succeeds(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    aws.add_fault(match="dynamodb:DescribeTable", error="LimitExceededException", status=400, count=1)

    assert error_of(lambda: dynamodb.describe_table(TableName="orders")) == ("LimitExceededException", 400)
    assert dynamodb.describe_table(TableName="orders")["Table"]["TableName"] == "orders"
    assert aws.control("GET", "faults") == {"faults": []}


def test_fault_matches_only_its_operation(aws):
    dynamodb = aws.client("dynamodb")
    aws.add_fault(match="dynamodb:DescribeTable", error="InternalServerError", status=500)
    assert dynamodb.list_tables()["TableNames"] == []
    assert error_of(lambda: dynamodb.describe_table(TableName="orders")) == ("InternalServerError", 500)
    assert error_of(lambda: dynamodb.describe_table(TableName="orders")) == ("InternalServerError", 500)


def test_dynamodb_error_body_has_the_awsjson_1_0_shape(aws):
    aws.add_fault(match="dynamodb:*", error="ThrottlingException", message="slow down")
    request = urllib.request.Request(
        aws.url,
        data=b"{}",
        headers={"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": "application/x-amz-json-1.0"},
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 400
    assert raised.value.headers["Content-Type"] == "application/x-amz-json-1.0"
    assert json.load(raised.value) == {"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", "message": "slow down"}


def test_kms_and_sts_errors_parse_in_boto3(aws):
    aws.add_fault(match="kms:CreateKey", error="KMSInternalException", status=500)
    aws.add_fault(match="sts:GetCallerIdentity", error="Throttling", status=400)
    assert error_of(lambda: aws.client("kms").create_key()) == ("KMSInternalException", 500)
    assert error_of(lambda: aws.client("sts").get_caller_identity()) == ("Throttling", 400)
    assert aws.client("kms").list_keys()["Keys"] == []


def test_probability_faults_follow_their_seed(aws):
    dynamodb = aws.client("dynamodb")
    aws.add_fault(match="dynamodb:ListTables", error="ThrottlingException", probability=0.5, seed=7)
    rolls = random.Random(7)
    expected = [rolls.random() < 0.5 for _ in range(30)]

    failed = []
    for _ in range(30):
        try:
            dynamodb.list_tables()
            failed.append(False)
        except ClientError:
            failed.append(True)

    assert failed == expected
    assert 0 < sum(failed) < 30


def test_latency_delays_the_call(aws):
    dynamodb = aws.client("dynamodb")
    dynamodb.list_tables()
    aws.add_fault(match="dynamodb:ListTables", latency_ms=400, count=1)
    started = time.monotonic()
    dynamodb.list_tables()
    assert time.monotonic() - started >= 0.4


def test_dropped_connection_is_a_connection_error(aws):
    dynamodb = aws.client("dynamodb")
    aws.add_fault(match="dynamodb:ListTables", drop=True, count=1)
    with pytest.raises(ConnectionClosedError):
        dynamodb.list_tables()
    assert dynamodb.list_tables()["TableNames"] == []
    entries = aws.control("GET", "requests?match=dynamodb:ListTables")["requests"]
    assert [entry["status"] for entry in entries] == [None, 200]


def test_faults_can_be_listed_removed_and_cleared(aws):
    first = aws.add_fault(match="kms:*", error="KMSInternalException", status=500)
    second = aws.add_fault(match="*", latency_ms=1)
    assert [fault["id"] for fault in aws.control("GET", "faults")["faults"]] == [first["id"], second["id"]]
    aws.control("DELETE", f"faults/{first['id']}")
    assert [fault["match"] for fault in aws.control("GET", "faults")["faults"]] == ["*"]
    aws.control("DELETE", "faults")
    assert aws.control("GET", "faults") == {"faults": []}


@pytest.mark.parametrize(
    "spec",
    [{"match": "*"}, {"error": "X", "drop": True}, {"error": "X", "probability": 2}, {"error": "X", "colour": "red"}],
    ids=["no-effect", "error-and-drop", "bad-probability", "unknown-field"],
)
def test_invalid_fault_spec_is_a_400(aws, spec):
    with pytest.raises(urllib.error.HTTPError) as raised:
        aws.add_fault(**spec)
    assert raised.value.code == 400
    assert "error" in json.load(raised.value)
