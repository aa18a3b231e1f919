"""DynamoDB TagResource: one value per key, and unknown ARNs refused."""

import pytest
from botocore.exceptions import ClientError
from support import ACCOUNT, REGION, create_table


def test_tag_resource_overwrites_an_existing_key(aws):
    dynamodb = aws.client("dynamodb")
    arn = create_table(dynamodb, "orders", Tags=[{"Key": "team", "Value": "payments"}, {"Key": "tier", "Value": "1"}])["TableArn"]

    dynamodb.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "billing"}, {"Key": "env", "Value": "test"}])

    tags = dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert sorted((tag["Key"], tag["Value"]) for tag in tags) == [("env", "test"), ("team", "billing"), ("tier", "1")]


@pytest.mark.parametrize("operation", ["tag_resource", "untag_resource"])
def test_unknown_arn_is_resource_not_found(aws, operation):
    dynamodb = aws.client("dynamodb")
    arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/missing"
    arguments = {"Tags": [{"Key": "team", "Value": "x"}]} if operation == "tag_resource" else {"TagKeys": ["team"]}
    with pytest.raises(ClientError) as raised:
        getattr(dynamodb, operation)(ResourceArn=arn, **arguments)
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
