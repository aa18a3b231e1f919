"""Contributor Insights per table and per GSI: ENABLING/ENABLED, DISABLING/DISABLED, rules, unknown targets."""

import pytest
from botocore.exceptions import ClientError
from support import create_table, wait_for, wait_until_active

GSI = {
    "IndexName": "by-customer",
    "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "placed", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "ALL"},
}
LSI = {
    "IndexName": "by-placed",
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}, {"AttributeName": "placed", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "ALL"},
}


def status(dynamodb, **target):
    return dynamodb.describe_contributor_insights(TableName="orders", **target)["ContributorInsightsStatus"]


@pytest.fixture
def dynamodb(aws):
    client = aws.client("dynamodb")
    create_table(client, "orders", attributes=("id", "customer", "placed"), GlobalSecondaryIndexes=[GSI])
    wait_until_active(client, "orders")
    return client


def test_disabled_by_default(dynamodb):
    answer = dynamodb.describe_contributor_insights(TableName="orders")
    answer.pop("ResponseMetadata")
    assert answer == {"TableName": "orders", "ContributorInsightsStatus": "DISABLED"}


def test_enable_then_disable_a_table(dynamodb):
    answer = dynamodb.update_contributor_insights(TableName="orders", ContributorInsightsAction="ENABLE")
    assert (answer["TableName"], answer["ContributorInsightsStatus"]) == ("orders", "ENABLING")
    assert "IndexName" not in answer
    wait_for(lambda: status(dynamodb) == "ENABLED")
    described = dynamodb.describe_contributor_insights(TableName="orders")
    assert [rule.rsplit("-", 1)[0] for rule in described["ContributorInsightsRuleList"]] == [
        "DynamoDBContributorInsights-PKC-orders",
        "DynamoDBContributorInsights-PKT-orders",
    ]
    assert described["ContributorInsightsMode"] == "ACCESSED_AND_THROTTLED_KEYS"
    assert "LastUpdateDateTime" in described

    assert dynamodb.update_contributor_insights(TableName="orders", ContributorInsightsAction="DISABLE")["ContributorInsightsStatus"] == "DISABLING"
    wait_for(lambda: status(dynamodb) == "DISABLED")
    assert "ContributorInsightsRuleList" not in dynamodb.describe_contributor_insights(TableName="orders")


def test_a_gsi_is_separate_from_its_table(dynamodb):
    answer = dynamodb.update_contributor_insights(TableName="orders", IndexName="by-customer", ContributorInsightsAction="ENABLE")
    assert (answer["IndexName"], answer["ContributorInsightsStatus"]) == ("by-customer", "ENABLING")
    wait_for(lambda: status(dynamodb, IndexName="by-customer") == "ENABLED")
    assert status(dynamodb) == "DISABLED"
    described = dynamodb.describe_contributor_insights(TableName="orders", IndexName="by-customer")
    assert described["IndexName"] == "by-customer"
    assert [rule.rsplit("-", 1)[0] for rule in described["ContributorInsightsRuleList"]] == [
        f"DynamoDBContributorInsights-{kind}-orders-by-customer" for kind in ("PKC", "PKT", "SKC", "SKT")
    ]


def test_repeating_a_settled_action_changes_nothing(dynamodb):
    assert dynamodb.update_contributor_insights(TableName="orders", ContributorInsightsAction="DISABLE")["ContributorInsightsStatus"] == "DISABLED"
    dynamodb.update_contributor_insights(TableName="orders", ContributorInsightsAction="ENABLE")
    wait_for(lambda: status(dynamodb) == "ENABLED")
    assert dynamodb.update_contributor_insights(TableName="orders", ContributorInsightsAction="ENABLE")["ContributorInsightsStatus"] == "ENABLED"


def test_a_mode_change_enables_again(dynamodb):
    dynamodb.update_contributor_insights(TableName="orders", ContributorInsightsAction="ENABLE")
    wait_for(lambda: status(dynamodb) == "ENABLED")
    answer = dynamodb.update_contributor_insights(TableName="orders", ContributorInsightsAction="ENABLE", ContributorInsightsMode="THROTTLED_KEYS")
    assert (answer["ContributorInsightsStatus"], answer["ContributorInsightsMode"]) == ("ENABLING", "THROTTLED_KEYS")
    wait_for(lambda: status(dynamodb) == "ENABLED")
    rules = dynamodb.describe_contributor_insights(TableName="orders")["ContributorInsightsRuleList"]
    assert [rule.rsplit("-", 1)[0] for rule in rules] == ["DynamoDBContributorInsights-PKT-orders"]


def test_table_arn_names_the_table(dynamodb):
    arn = dynamodb.describe_table(TableName="orders")["Table"]["TableArn"]
    assert dynamodb.update_contributor_insights(TableName=arn, ContributorInsightsAction="ENABLE")["TableName"] == "orders"


@pytest.mark.parametrize(
    "target, message",
    [
        ({"TableName": "missing"}, "Requested resource not found: Table: missing not found"),
        ({"TableName": "orders", "IndexName": "missing"}, "Requested resource not found: Index: missing not found for table: orders"),
    ],
)
def test_unknown_table_or_index_is_resource_not_found(dynamodb, target, message):
    for call in (
        lambda: dynamodb.describe_contributor_insights(**target),
        lambda: dynamodb.update_contributor_insights(ContributorInsightsAction="ENABLE", **target),
    ):
        with pytest.raises(ClientError) as raised:
            call()
        assert raised.value.response["Error"] == {"Code": "ResourceNotFoundException", "Message": message}


def test_a_local_secondary_index_is_not_a_target(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders", attributes=("id", "placed"), LocalSecondaryIndexes=[LSI])
    with pytest.raises(ClientError) as raised:
        dynamodb.describe_contributor_insights(TableName="orders", IndexName="by-placed")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_update_while_the_table_is_creating_is_refused(aws):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    with pytest.raises(ClientError) as raised:
        dynamodb.update_contributor_insights(TableName="orders", ContributorInsightsAction="ENABLE")
    assert raised.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "Table or Index is not in a valid state to update Key Access Insights: TableStatus must be ACTIVE to enable ContributorInsights.",
    }
    assert status(dynamodb) == "DISABLED"


def test_a_deleted_index_takes_its_state_with_it(aws, dynamodb):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb.update_contributor_insights(TableName="orders", IndexName="by-customer", ContributorInsightsAction="ENABLE")
    dynamodb.update_table(TableName="orders", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-customer"}}])
    with pytest.raises(ClientError) as raised:
        dynamodb.describe_contributor_insights(TableName="orders", IndexName="by-customer")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
    dynamodb.update_table(
        TableName="orders",
        AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"}, {"AttributeName": "placed", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": GSI}],
    )
    assert status(dynamodb, IndexName="by-customer") == "DISABLED"
