"""Table resource policies: idempotent delete, attached by CreateTable, gone with the table."""

import json

import pytest
from botocore.exceptions import ClientError
from support import ACCOUNT, REGION, create_table

ARN = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "dynamodb:GetItem", "Resource": ARN}],
    }
)


def error_code(call):
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"]


@pytest.fixture
def dynamodb(aws):
    aws.control("POST", "settings", {"state_delay": 0})
    return aws.client("dynamodb")


def test_put_get_delete(dynamodb):
    create_table(dynamodb, "orders")
    assert error_code(lambda: dynamodb.get_resource_policy(ResourceArn=ARN)) == "PolicyNotFoundException"
    revision = dynamodb.put_resource_policy(ResourceArn=ARN, Policy=POLICY)["RevisionId"]
    assert dynamodb.put_resource_policy(ResourceArn=ARN, Policy=POLICY)["RevisionId"] == revision
    stored = dynamodb.get_resource_policy(ResourceArn=ARN)
    assert json.loads(stored["Policy"]) == json.loads(POLICY) and stored["RevisionId"] == revision
    assert dynamodb.delete_resource_policy(ResourceArn=ARN)["RevisionId"] == revision
    assert error_code(lambda: dynamodb.get_resource_policy(ResourceArn=ARN)) == "PolicyNotFoundException"


def test_delete_without_a_policy_is_idempotent(dynamodb):
    create_table(dynamodb, "orders")
    assert "RevisionId" not in dynamodb.delete_resource_policy(ResourceArn=ARN)
    dynamodb.delete_resource_policy(ResourceArn=ARN)
    assert error_code(lambda: dynamodb.delete_resource_policy(ResourceArn=ARN, ExpectedRevisionId="1")) == "PolicyNotFoundException"


def test_revision_mismatch_is_policy_not_found(dynamodb):
    create_table(dynamodb, "orders")
    dynamodb.put_resource_policy(ResourceArn=ARN, Policy=POLICY)
    assert error_code(lambda: dynamodb.put_resource_policy(ResourceArn=ARN, Policy=POLICY, ExpectedRevisionId="1")) == "PolicyNotFoundException"
    assert error_code(lambda: dynamodb.put_resource_policy(ResourceArn=ARN, Policy=POLICY, ExpectedRevisionId="NO_POLICY")) == "PolicyNotFoundException"
    assert error_code(lambda: dynamodb.delete_resource_policy(ResourceArn=ARN, ExpectedRevisionId="1")) == "PolicyNotFoundException"


def test_create_table_attaches_its_policy(dynamodb):
    create_table(dynamodb, "orders", ResourcePolicy=POLICY)
    assert json.loads(dynamodb.get_resource_policy(ResourceArn=ARN)["Policy"]) == json.loads(POLICY)


def test_the_policy_goes_with_the_table(dynamodb):
    create_table(dynamodb, "orders", ResourcePolicy=POLICY)
    dynamodb.delete_table(TableName="orders")
    create_table(dynamodb, "orders")
    assert error_code(lambda: dynamodb.get_resource_policy(ResourceArn=ARN)) == "PolicyNotFoundException"


def test_unknown_table_is_resource_not_found(dynamodb):
    assert error_code(lambda: dynamodb.get_resource_policy(ResourceArn=ARN)) == "ResourceNotFoundException"
