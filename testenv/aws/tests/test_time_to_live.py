"""UpdateTimeToLive refuses no-op and attribute-switching changes and a second change within the window."""

import pytest
from botocore.exceptions import ClientError
from support import create_table


def ttl(dynamodb, enabled, attribute="expires"):
    return dynamodb.update_time_to_live(TableName="orders", TimeToLiveSpecification={"Enabled": enabled, "AttributeName": attribute})


def described(dynamodb, table="orders"):
    return dynamodb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]


def refusal(call):
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]


@pytest.fixture
def dynamodb(aws):
    aws.control("POST", "settings", {"state_delay": 0, "ttl_change_window": 0})
    client = aws.client("dynamodb")
    create_table(client, "orders")
    return client


def test_enable_then_disable(dynamodb):
    assert described(dynamodb) == {"TimeToLiveStatus": "DISABLED"}
    assert ttl(dynamodb, True)["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expires"}
    assert described(dynamodb) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    ttl(dynamodb, False)
    assert described(dynamodb) == {"TimeToLiveStatus": "DISABLED"}


def test_repeated_or_switching_changes_are_refused(dynamodb):
    assert refusal(lambda: ttl(dynamodb, False)) == {"Code": "ValidationException", "Message": "TimeToLive is already disabled"}
    ttl(dynamodb, True)
    assert refusal(lambda: ttl(dynamodb, True)) == {"Code": "ValidationException", "Message": "TimeToLive is already enabled"}
    different = {"Code": "ValidationException", "Message": "TimeToLive is active on a different AttributeName: current AttributeName is expires"}
    assert refusal(lambda: ttl(dynamodb, True, "other")) == different
    assert refusal(lambda: ttl(dynamodb, False, "other")) == different
    assert described(dynamodb) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}


def test_a_second_change_within_the_window_is_refused(aws, dynamodb):
    aws.control("POST", "settings", {"ttl_change_window": 3600})
    ttl(dynamodb, True)
    assert refusal(lambda: ttl(dynamodb, False)) == {
        "Code": "ValidationException",
        "Message": "Time to live has been modified multiple times within a fixed interval",
    }
    assert described(dynamodb) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    aws.control("POST", "settings", {"ttl_change_window": 0})
    ttl(dynamodb, False)


def test_the_window_is_an_hour_by_default(aws):
    assert aws.control("GET", "settings")["ttl_change_window"] == 3600.0


def test_unknown_table_is_resource_not_found(dynamodb):
    assert refusal(lambda: dynamodb.describe_time_to_live(TableName="missing"))["Code"] == "ResourceNotFoundException"
    assert refusal(
        lambda: dynamodb.update_time_to_live(TableName="missing", TimeToLiveSpecification={"Enabled": True, "AttributeName": "x"})
    )["Code"] == "ResourceNotFoundException"


def test_table_arn_names_the_table(dynamodb):
    arn = dynamodb.describe_table(TableName="orders")["Table"]["TableArn"]
    dynamodb.update_time_to_live(TableName=arn, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    assert described(dynamodb, arn)["TimeToLiveStatus"] == "ENABLED"


def test_a_creating_table_refuses_both_calls(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    assert refusal(lambda: ttl(dynamodb, True))["Code"] == "ResourceInUseException"
    assert refusal(lambda: described(dynamodb)) == {
        "Code": "ValidationException",
        "Message": "Cannot describe time to live while table is in CREATING state: Current table state is CREATING",
    }
