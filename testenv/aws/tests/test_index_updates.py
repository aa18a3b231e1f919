"""GlobalSecondaryIndexUpdates: one create or delete per call, unknown and duplicate indexes refused."""

import pytest
from botocore.exceptions import ClientError
from support import create_table, describe_table, wait_until_active


def gsi(name, attribute):
    return {"IndexName": name, "KeySchema": [{"AttributeName": attribute, "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}


def index_names(table):
    return sorted(index["IndexName"] for index in table.get("GlobalSecondaryIndexes", []))


def error(raised):
    return raised.value.response["Error"]


@pytest.fixture
def dynamodb(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    client = aws.client("dynamodb")
    create_table(client, "orders", attributes=("id", "customer"), GlobalSecondaryIndexes=[gsi("by-customer", "customer")])
    return client


def test_two_creates_in_one_call_are_limit_exceeded(dynamodb):
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(
            TableName="orders",
            AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}, {"AttributeName": "b", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": gsi("by-a", "a")}, {"Create": gsi("by-b", "b")}],
        )
    assert error(raised) == {
        "Code": "LimitExceededException",
        "Message": "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    }
    assert index_names(describe_table(dynamodb, "orders")) == ["by-customer"]


def test_a_create_and_a_delete_in_one_call_are_limit_exceeded(dynamodb):
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(
            TableName="orders",
            AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": gsi("by-a", "a")}, {"Delete": {"IndexName": "by-customer"}}],
        )
    assert error(raised)["Code"] == "LimitExceededException"
    assert index_names(describe_table(dynamodb, "orders")) == ["by-customer"]


@pytest.mark.parametrize(
    "update",
    [{"Delete": {"IndexName": "missing"}}, {"Update": {"IndexName": "missing", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}],
)
def test_deleting_or_updating_an_unknown_index_is_resource_not_found(dynamodb, update):
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[update])
    assert error(raised) == {"Code": "ResourceNotFoundException", "Message": "Requested resource not found: Index: missing not found for table: orders"}


def test_creating_an_existing_index_is_refused(dynamodb):
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(
            TableName="orders",
            AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": gsi("by-customer", "customer")}],
        )
    assert error(raised) == {"Code": "ValidationException", "Message": "Attempting to create an index which already exists"}


def test_one_index_at_a_time_goes_through_its_states(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    wait_until_active(dynamodb, "orders")
    updated = dynamodb.update_table(
        TableName="orders",
        AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": gsi("by-customer", "customer")}],
    )["TableDescription"]
    assert [index["IndexStatus"] for index in updated["GlobalSecondaryIndexes"]] == ["CREATING"]
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-customer"}}])
    assert error(raised)["Code"] == "ResourceInUseException"
    assert index_names(wait_until_active(dynamodb, "orders")) == ["by-customer"]
    dynamodb.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-customer"}}])
    assert index_names(wait_until_active(dynamodb, "orders")) == []
