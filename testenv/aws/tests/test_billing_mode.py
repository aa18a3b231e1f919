"""Billing mode switches: capacity required for the table and every GSI, capacity 0 while on demand."""

import pytest
from botocore.exceptions import ClientError
from support import create_table, describe_table

GSI = {"IndexName": "by-customer", "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
CAPACITY = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 2}


def capacity(owner):
    return owner["ProvisionedThroughput"]["ReadCapacityUnits"], owner["ProvisionedThroughput"]["WriteCapacityUnits"]


@pytest.fixture
def dynamodb(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    client = aws.client("dynamodb")
    create_table(client, "orders", attributes=("id", "customer"), GlobalSecondaryIndexes=[GSI])
    return client


def test_switch_to_provisioned_sets_table_and_index_capacity(dynamodb):
    dynamodb.update_table(
        TableName="orders",
        BillingMode="PROVISIONED",
        ProvisionedThroughput=CAPACITY,
        GlobalSecondaryIndexUpdates=[{"Update": {"IndexName": "by-customer", "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 1}}}],
    )
    table = describe_table(dynamodb, "orders")
    assert table["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert capacity(table) == (5, 2)
    assert capacity(table["GlobalSecondaryIndexes"][0]) == (3, 1)


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({}, "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED"),
        ({"ProvisionedThroughput": CAPACITY}, "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: by-customer"),
    ],
)
def test_switch_to_provisioned_without_capacity_is_refused(dynamodb, arguments, message):
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", BillingMode="PROVISIONED", **arguments)
    assert raised.value.response["Error"] == {"Code": "ValidationException", "Message": message}
    assert describe_table(dynamodb, "orders")["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_capacity_on_an_on_demand_table_is_refused(dynamodb):
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", ProvisionedThroughput=CAPACITY)
    assert raised.value.response["Error"]["Message"] == (
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
    )


def test_switch_back_to_on_demand_reports_zero_capacity(dynamodb):
    dynamodb.update_table(
        TableName="orders",
        BillingMode="PROVISIONED",
        ProvisionedThroughput=CAPACITY,
        GlobalSecondaryIndexUpdates=[{"Update": {"IndexName": "by-customer", "ProvisionedThroughput": CAPACITY}}],
    )
    dynamodb.update_table(TableName="orders", BillingMode="PAY_PER_REQUEST")
    table = describe_table(dynamodb, "orders")
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert capacity(table) == (0, 0)
    assert capacity(table["GlobalSecondaryIndexes"][0]) == (0, 0)
