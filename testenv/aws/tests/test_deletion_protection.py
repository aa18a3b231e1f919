"""Deletion protection: DeleteTable refused in DynamoDB's words until UpdateTable turns it off."""

import pytest
from botocore.exceptions import ClientError
from support import create_table, describe_table


def test_protected_table_is_not_deleted_until_protection_is_off(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    assert create_table(dynamodb, "orders", DeletionProtectionEnabled=True)["DeletionProtectionEnabled"] is True
    with pytest.raises(ClientError) as raised:
        dynamodb.delete_table(TableName="orders")
    assert raised.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    }
    assert describe_table(dynamodb, "orders")["TableStatus"] == "ACTIVE"

    dynamodb.update_table(TableName="orders", DeletionProtectionEnabled=False)
    assert describe_table(dynamodb, "orders")["DeletionProtectionEnabled"] is False
    dynamodb.delete_table(TableName="orders")
    assert dynamodb.list_tables()["TableNames"] == []
