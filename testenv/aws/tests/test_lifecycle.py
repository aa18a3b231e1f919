"""Table and index states: CREATING/UPDATING/DELETING with a delay, and what is refused meanwhile."""

import time

import pytest
from botocore.exceptions import ClientError
from support import create_table, describe_table, wait_for, wait_until_active

GSI_BY_CUSTOMER = {
    "IndexName": "by-customer",
    "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}],
    "Projection": {"ProjectionType": "ALL"},
}


def index_statuses(table):
    return {index["IndexName"]: index["IndexStatus"] for index in table.get("GlobalSecondaryIndexes", [])}


def error_code(raised):
    return raised.value.response["Error"]["Code"]


def test_table_is_creating_then_active(aws):
    dynamodb = aws.client("dynamodb")
    created = create_table(dynamodb, "orders", attributes=("id", "customer"), GlobalSecondaryIndexes=[GSI_BY_CUSTOMER])
    assert created["TableStatus"] == "CREATING"
    assert index_statuses(created) == {"by-customer": "CREATING"}
    assert describe_table(dynamodb, "orders")["TableStatus"] == "CREATING"

    active = wait_until_active(dynamodb, "orders")
    assert index_statuses(active) == {"by-customer": "ACTIVE"}


def test_update_table_is_refused_while_creating(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", DeletionProtectionEnabled=True)
    assert error_code(raised) == "ResourceInUseException"


def test_update_table_is_updating_and_refuses_a_second_update(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    wait_until_active(dynamodb, "orders")

    updated = dynamodb.update_table(TableName="orders", DeletionProtectionEnabled=True)["TableDescription"]
    assert updated["TableStatus"] == "UPDATING"
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", DeletionProtectionEnabled=False)
    assert error_code(raised) == "ResourceInUseException"

    assert wait_until_active(dynamodb, "orders")["DeletionProtectionEnabled"] is True
    dynamodb.update_table(TableName="orders", DeletionProtectionEnabled=False)


def test_new_index_is_creating_then_active(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    wait_until_active(dynamodb, "orders")

    updated = dynamodb.update_table(
        TableName="orders",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "customer", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": GSI_BY_CUSTOMER}],
    )["TableDescription"]

    assert updated["TableStatus"] == "UPDATING"
    assert index_statuses(updated) == {"by-customer": "CREATING"}
    assert index_statuses(wait_until_active(dynamodb, "orders")) == {"by-customer": "ACTIVE"}


def test_deleted_index_is_deleting_then_gone(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders", attributes=("id", "customer"), GlobalSecondaryIndexes=[GSI_BY_CUSTOMER])
    wait_until_active(dynamodb, "orders")

    updated = dynamodb.update_table(
        TableName="orders", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-customer"}}]
    )["TableDescription"]

    assert index_statuses(updated) == {"by-customer": "DELETING"}
    assert index_statuses(describe_table(dynamodb, "orders")) == {"by-customer": "DELETING"}
    assert index_statuses(wait_until_active(dynamodb, "orders")) == {}


def test_deleted_table_is_deleting_then_gone(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    wait_until_active(dynamodb, "orders")

    deleted = dynamodb.delete_table(TableName="orders")["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    assert describe_table(dynamodb, "orders")["TableStatus"] == "DELETING"
    assert dynamodb.delete_table(TableName="orders")["TableDescription"]["TableStatus"] == "DELETING"
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", DeletionProtectionEnabled=True)
    assert error_code(raised) == "ResourceInUseException"

    wait_for(lambda: dynamodb.list_tables()["TableNames"] == [])
    with pytest.raises(ClientError) as raised:
        dynamodb.describe_table(TableName="orders")
    assert error_code(raised) == "ResourceNotFoundException"
    create_table(dynamodb, "orders")


def test_delete_table_is_refused_while_creating(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    with pytest.raises(ClientError) as raised:
        dynamodb.delete_table(TableName="orders")
    assert error_code(raised) == "ResourceInUseException"


def test_deletion_protection_still_refuses_delete(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders", DeletionProtectionEnabled=True)
    with pytest.raises(ClientError) as raised:
        dynamodb.delete_table(TableName="orders")
    assert error_code(raised) == "ValidationException"
    assert describe_table(dynamodb, "orders")["TableStatus"] == "ACTIVE"


def test_zero_delay_makes_every_change_immediate(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    assert create_table(dynamodb, "orders")["TableStatus"] == "ACTIVE"
    assert dynamodb.update_table(TableName="orders", DeletionProtectionEnabled=False)["TableDescription"]["TableStatus"] == "ACTIVE"
    dynamodb.delete_table(TableName="orders")
    assert dynamodb.list_tables()["TableNames"] == []


def test_state_delay_is_settable_at_run_time(aws):
    aws.control("POST", "settings", {"state_delay": 1.0})
    dynamodb = aws.client("dynamodb")
    started = time.monotonic()
    create_table(dynamodb, "orders")
    wait_until_active(dynamodb, "orders")
    assert time.monotonic() - started >= 1.0


def test_table_class_is_recorded_and_updated(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    created = create_table(dynamodb, "orders", TableClass="STANDARD_INFREQUENT_ACCESS")
    assert created["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"

    dynamodb.update_table(TableName="orders", TableClass="STANDARD")
    assert describe_table(dynamodb, "orders")["TableClassSummary"]["TableClass"] == "STANDARD"
