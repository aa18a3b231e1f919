"""AttributeDefinitions: UpdateTable merges them, DescribeTable lists only the attributes keys use."""

import pytest
from botocore.exceptions import ClientError
from support import create_table, describe_table, wait_until_active

BY_CUSTOMER = {
    "IndexName": "by-customer",
    "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "placed", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "KEYS_ONLY"},
}


def definitions(table):
    return {definition["AttributeName"]: definition["AttributeType"] for definition in table["AttributeDefinitions"]}


@pytest.fixture
def dynamodb(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    return aws.client("dynamodb")


def test_update_table_adds_the_new_index_attributes_to_the_existing_ones(dynamodb):
    create_table(dynamodb, "orders")
    dynamodb.update_table(
        TableName="orders",
        AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"}, {"AttributeName": "placed", "AttributeType": "N"}],
        GlobalSecondaryIndexUpdates=[{"Create": BY_CUSTOMER}],
    )
    assert definitions(describe_table(dynamodb, "orders")) == {"id": "S", "customer": "S", "placed": "N"}
    dynamodb.put_item(TableName="orders", Item={"id": {"S": "1"}, "customer": {"S": "c"}, "placed": {"N": "1"}})


def test_attributes_no_key_uses_are_dropped_after_an_index_delete(dynamodb):
    create_table(dynamodb, "orders", attributes=("id", "customer", "placed"), GlobalSecondaryIndexes=[BY_CUSTOMER])
    dynamodb.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-customer"}}])
    assert definitions(describe_table(dynamodb, "orders")) == {"id": "S"}


def test_attributes_of_a_deleting_index_are_listed_until_it_is_gone(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders", attributes=("id", "customer", "placed"), GlobalSecondaryIndexes=[BY_CUSTOMER])
    wait_until_active(dynamodb, "orders")
    updated = dynamodb.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-customer"}}])
    assert definitions(updated["TableDescription"]) == {"id": "S", "customer": "S", "placed": "S"}
    assert definitions(wait_until_active(dynamodb, "orders")) == {"id": "S"}


def test_update_table_definitions_without_a_new_index_change_nothing(dynamodb):
    create_table(dynamodb, "orders")
    dynamodb.update_table(
        TableName="orders", AttributeDefinitions=[{"AttributeName": "other", "AttributeType": "S"}], DeletionProtectionEnabled=False
    )
    assert definitions(describe_table(dynamodb, "orders")) == {"id": "S"}


def test_an_attribute_in_use_keeps_its_type(dynamodb):
    create_table(dynamodb, "orders")
    dynamodb.update_table(
        TableName="orders",
        AttributeDefinitions=[
            {"AttributeName": "id", "AttributeType": "N"},
            {"AttributeName": "customer", "AttributeType": "S"},
            {"AttributeName": "placed", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexUpdates=[{"Create": BY_CUSTOMER}],
    )
    assert definitions(describe_table(dynamodb, "orders")) == {"id": "S", "customer": "S", "placed": "S"}


def test_an_attribute_freed_by_an_index_delete_can_get_another_type(dynamodb):
    create_table(dynamodb, "orders", attributes=("id", "customer", "placed"), GlobalSecondaryIndexes=[BY_CUSTOMER])
    dynamodb.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-customer"}}])
    dynamodb.update_table(
        TableName="orders",
        AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "N"}, {"AttributeName": "placed", "AttributeType": "N"}],
        GlobalSecondaryIndexUpdates=[{"Create": BY_CUSTOMER}],
    )
    assert definitions(describe_table(dynamodb, "orders")) == {"id": "S", "customer": "N", "placed": "N"}


@pytest.mark.parametrize(
    "attributes, message",
    [
        (None, "One or more parameter values were invalid: AttributeDefinitions is not specified for index: by-customer"),
        ([{"AttributeName": "customer", "AttributeType": "S"}], "Invalid KeySchema: Some index key attribute have no definition"),
    ],
)
def test_a_new_index_needs_its_key_attributes_defined(dynamodb, attributes, message):
    create_table(dynamodb, "orders")
    extra = {"AttributeDefinitions": attributes} if attributes else {}
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[{"Create": BY_CUSTOMER}], **extra)
    assert raised.value.response["Error"] == {"Code": "ValidationException", "Message": message}
    assert not describe_table(dynamodb, "orders").get("GlobalSecondaryIndexes")
