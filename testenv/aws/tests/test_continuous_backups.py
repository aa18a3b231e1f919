"""Point-in-time recovery: moto already has UpdateContinuousBackups/DescribeContinuousBackups right; pinned here."""

import pytest
from botocore.exceptions import ClientError
from support import create_table


def recovery(dynamodb):
    return dynamodb.describe_continuous_backups(TableName="orders")["ContinuousBackupsDescription"]


def test_point_in_time_recovery_is_enabled_and_disabled(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    assert recovery(dynamodb) == {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}

    answer = dynamodb.update_continuous_backups(TableName="orders", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    description = answer["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert (description["PointInTimeRecoveryStatus"], description["RecoveryPeriodInDays"]) == ("ENABLED", 35)
    assert recovery(dynamodb)["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"

    dynamodb.update_continuous_backups(TableName="orders", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
    assert recovery(dynamodb)["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}


def test_unknown_table_is_table_not_found(aws):
    with pytest.raises(ClientError) as raised:
        aws.client("dynamodb").describe_continuous_backups(TableName="missing")
    assert raised.value.response["Error"]["Code"] == "TableNotFoundException"
