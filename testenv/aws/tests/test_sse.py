"""Server-side encryption: key canonicalisation, key checks, managed key, UpdateTable changes and their quota."""

import pytest
from botocore.exceptions import ClientError
from support import ACCOUNT, REGION, create_table, describe_table, wait_for


@pytest.fixture
def orders_key(aws):
    """A customer managed key aliased alias/orders."""
    kms = aws.client("kms")
    key = kms.create_key(Description="orders")["KeyMetadata"]
    kms.create_alias(AliasName="alias/orders", TargetKeyId=key["KeyId"])
    return key


def kms_spec(key_ref):
    return {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key_ref}


@pytest.mark.parametrize(
    "form",
    [
        lambda key: key["KeyId"],
        lambda key: key["Arn"],
        lambda key: "alias/orders",
        lambda key: f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/orders",
    ],
    ids=["key-id", "key-arn", "alias-name", "alias-arn"],
)
def test_every_key_form_is_reported_as_the_key_arn(aws, orders_key, form):
    dynamodb = aws.client("dynamodb")
    created = create_table(dynamodb, "orders", SSESpecification=kms_spec(form(orders_key)))
    expected = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{orders_key['KeyId']}"
    assert created["SSEDescription"]["KMSMasterKeyArn"] == expected
    assert describe_table(dynamodb, "orders")["SSEDescription"] == {
        "Status": "ENABLED",
        "SSEType": "KMS",
        "KMSMasterKeyArn": expected,
    }


@pytest.mark.parametrize("key_ref", ["alias/missing", "11111111-2222-3333-4444-555555555555"])
def test_unknown_key_is_refused(aws, key_ref):
    dynamodb = aws.client("dynamodb")
    with pytest.raises(ClientError) as raised:
        create_table(dynamodb, "orders", SSESpecification=kms_spec(key_ref))
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert "NotFoundException" in raised.value.response["Error"]["Message"]
    assert dynamodb.list_tables()["TableNames"] == []


@pytest.mark.parametrize("make_unusable", ["disable_key", "schedule_key_deletion"])
def test_key_that_is_not_enabled_is_refused(aws, orders_key, make_unusable):
    getattr(aws.client("kms"), make_unusable)(KeyId=orders_key["KeyId"])
    with pytest.raises(ClientError) as raised:
        create_table(aws.client("dynamodb"), "orders", SSESpecification=kms_spec("alias/orders"))
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert orders_key["Arn"] in raised.value.response["Error"]["Message"]


@pytest.mark.parametrize("spec", [{"Enabled": True}, {"Enabled": True, "SSEType": "KMS"}], ids=["enabled", "sse-type-kms"])
def test_encryption_without_key_uses_the_aws_managed_key(aws, spec):
    created = create_table(aws.client("dynamodb"), "orders", SSESpecification=spec)
    managed = aws.client("kms").describe_key(KeyId="alias/aws/dynamodb")["KeyMetadata"]
    assert created["SSEDescription"]["KMSMasterKeyArn"] == managed["Arn"]
    assert managed["KeyManager"] == "AWS"


@pytest.mark.parametrize("extra", [{}, {"SSESpecification": {"Enabled": False}}], ids=["absent", "disabled"])
def test_aws_owned_key_shows_no_sse_description(aws, extra):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders", **extra)
    assert "SSEDescription" not in describe_table(dynamodb, "orders")


def test_update_table_changes_the_key_through_updating(aws, orders_key):
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    wait_for(lambda: describe_table(dynamodb, "orders")["TableStatus"] == "ACTIVE")

    updated = dynamodb.update_table(TableName="orders", SSESpecification=kms_spec("alias/orders"))["TableDescription"]

    assert updated["TableStatus"] == "UPDATING"
    assert updated["SSEDescription"] == {"Status": "UPDATING", "SSEType": "KMS", "KMSMasterKeyArn": orders_key["Arn"]}
    settled = wait_for(lambda: describe_table(dynamodb, "orders")["SSEDescription"]["Status"] == "ENABLED" and describe_table(dynamodb, "orders"))
    assert settled["SSEDescription"]["KMSMasterKeyArn"] == orders_key["Arn"]
    assert settled["TableStatus"] == "ACTIVE"


def test_update_table_disabling_encryption_removes_the_description(aws, orders_key):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders", SSESpecification=kms_spec("alias/orders"))
    dynamodb.update_table(TableName="orders", SSESpecification={"Enabled": False})
    assert "SSEDescription" not in describe_table(dynamodb, "orders")


def test_update_table_refuses_an_unusable_key_and_keeps_the_old_one(aws, orders_key):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders", SSESpecification=kms_spec("alias/orders"))
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", SSESpecification=kms_spec("alias/missing"))
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert describe_table(dynamodb, "orders")["SSEDescription"]["KMSMasterKeyArn"] == orders_key["Arn"]


def test_fifth_encryption_change_within_the_window_is_limit_exceeded(aws, orders_key):
    aws.control("POST", "settings", {"state_delay": 0})
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    for spec in [kms_spec("alias/orders"), {"Enabled": True}] * 2:
        dynamodb.update_table(TableName="orders", SSESpecification=spec)

    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", SSESpecification=kms_spec("alias/orders"))

    assert raised.value.response["Error"]["Code"] == "LimitExceededException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert describe_table(dynamodb, "orders")["SSEDescription"]["KMSMasterKeyArn"].endswith(
        aws.client("kms").describe_key(KeyId="alias/aws/dynamodb")["KeyMetadata"]["KeyId"]
    )


def test_change_limit_and_window_are_settable_at_run_time(aws):
    aws.control("POST", "settings", {"state_delay": 0, "sse_change_limit": 1, "sse_change_window": 0.5})
    dynamodb = aws.client("dynamodb")
    create_table(dynamodb, "orders")
    dynamodb.update_table(TableName="orders", SSESpecification={"Enabled": True})
    with pytest.raises(ClientError) as raised:
        dynamodb.update_table(TableName="orders", SSESpecification={"Enabled": False})
    assert raised.value.response["Error"]["Code"] == "LimitExceededException"

    wait_for(lambda: _update_succeeds(dynamodb), timeout=3)


def test_encryption_quota_is_per_table(aws):
    aws.control("POST", "settings", {"state_delay": 0, "sse_change_limit": 1})
    dynamodb = aws.client("dynamodb")
    for name in ("orders", "invoices"):
        create_table(dynamodb, name)
        dynamodb.update_table(TableName=name, SSESpecification={"Enabled": True})


def _update_succeeds(dynamodb):
    try:
        dynamodb.update_table(TableName="orders", SSESpecification={"Enabled": False})
    except ClientError:
        return False
    return True
