"""The control endpoint's request log, settings and reset."""

import json
import urllib.error

import pytest
from support import create_table


def test_request_log_counts_calls_and_records_update_table_fields(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    dynamodb.describe_table(TableName="orders")
    dynamodb.describe_table(TableName="orders")
    dynamodb.update_table(TableName="orders", SSESpecification={"Enabled": True}, TableClass="STANDARD")
    aws.client("kms").list_keys()

    assert aws.counts() == {
        "dynamodb:CreateTable": 1,
        "dynamodb:DescribeTable": 2,
        "dynamodb:UpdateTable": 1,
        "kms:ListKeys": 1,
    }
    log = aws.control("GET", "requests?match=dynamodb:UpdateTable")
    assert log["counts"] == {"dynamodb:UpdateTable": 1}
    [entry] = log["requests"]
    assert entry["service"] == "dynamodb" and entry["operation"] == "UpdateTable" and entry["status"] == 200
    assert entry["fields"] == ["TableName", "SSESpecification", "TableClass"]
    assert entry["fault"] is None and entry["time"] > 0


def test_request_log_records_query_protocol_actions_and_failures(aws):
    aws.client("sts").get_caller_identity()
    with pytest.raises(Exception):
        aws.client("dynamodb").describe_table(TableName="missing")
    entries = aws.control("GET", "requests")["requests"]
    assert [(entry["call"], entry["status"]) for entry in entries] == [
        ("sts:GetCallerIdentity", 200),
        ("dynamodb:DescribeTable", 400),
    ]
    assert entries[0]["fields"] is None


def test_request_log_records_moto_internal_errors(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    with pytest.raises(Exception):
        # Moto does not implement this operation and raises NotImplementedError, answered as HTTP 500.
        dynamodb.describe_kinesis_streaming_destination(TableName="orders")
    [entry] = aws.control("GET", "requests?match=dynamodb:DescribeKinesisStreamingDestination")["requests"]
    assert entry["status"] == 500


def test_request_log_can_be_cleared(aws):
    aws.client("dynamodb").list_tables()
    aws.control("DELETE", "requests")
    assert aws.control("GET", "requests") == {"requests": [], "counts": {}}


def test_settings_are_read_and_updated(aws):
    assert aws.control("GET", "settings") == {
        "state_delay": 0.3,
        "sse_change_limit": 4,
        "sse_change_window": 86400.0,
        "ttl_change_window": 3600.0,
    }
    updated = aws.control("POST", "settings", {"sse_change_limit": 2, "sse_change_window": 60, "ttl_change_window": 0})
    assert updated == {"state_delay": 0.3, "sse_change_limit": 2, "sse_change_window": 60.0, "ttl_change_window": 0.0}


@pytest.mark.parametrize(
    "body", [{"state_delay": -1}, {"sse_change_limit": 1.5}, {"speed": 3}, {"state_delay": True}, {"ttl_change_window": -1}]
)
def test_invalid_settings_are_a_400(aws, body):
    with pytest.raises(urllib.error.HTTPError) as raised:
        aws.control("POST", "settings", body)
    assert raised.value.code == 400
    assert "error" in json.load(raised.value)
    assert aws.control("GET", "settings")["state_delay"] == 0.3


def test_reset_clears_moto_faults_log_and_settings(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    aws.add_fault(match="kms:*", error="KMSInternalException", status=500)
    aws.control("POST", "settings", {"state_delay": 0})

    aws.reset()

    assert aws.control("GET", "faults") == {"faults": []}
    assert aws.control("GET", "settings")["state_delay"] == 0.3
    assert dynamodb.list_tables()["TableNames"] == []
    assert aws.counts() == {"dynamodb:ListTables": 1}


def test_health_answers_ok(aws):
    assert aws.control("GET", "health") == {"status": "ok"}


def test_unknown_route_is_a_404(aws):
    with pytest.raises(urllib.error.HTTPError) as raised:
        aws.control("GET", "nothing")
    assert raised.value.code == 404
