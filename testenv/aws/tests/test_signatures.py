"""Signature mode: after N unauthenticated requests, moto verifies SigV4 against its IAM users."""

import json

import pytest
from botocore.exceptions import ClientError
from support import start_emulator

SETUP_REQUESTS = 3  # CreateUser, PutUserPolicy, CreateAccessKey


def allow(*actions):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]})


ALLOW_DYNAMODB_AND_KMS = allow("dynamodb:*", "kms:*")
ALLOW_DYNAMODB = allow("dynamodb:*")


@pytest.fixture(scope="module")
def signing_emulator():
    with start_emulator("--verify-signatures", str(SETUP_REQUESTS)) as running:
        yield running


def create_signing_user(emulator, policy=ALLOW_DYNAMODB_AND_KMS):
    """Spends the unauthenticated requests on an IAM user with a policy and an access key."""
    iam = emulator.client("iam")
    iam.create_user(UserName="controller")
    iam.put_user_policy(UserName="controller", PolicyName="tables", PolicyDocument=policy)
    return iam.create_access_key(UserName="controller")["AccessKey"]


def test_signed_requests_succeed_and_bad_signatures_are_refused(signing_emulator):
    signing_emulator.reset()
    key = create_signing_user(signing_emulator)
    signed = signing_emulator.client(
        "dynamodb", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    wrong_secret = signing_emulator.client(
        "dynamodb", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key="not-the-secret"
    )
    unknown_key = signing_emulator.client("dynamodb")

    assert signed.list_tables()["TableNames"] == []
    for client, code in [(wrong_secret, "InvalidSignatureException"), (unknown_key, "UnrecognizedClientException")]:
        with pytest.raises(ClientError) as raised:
            client.list_tables()
        assert raised.value.response["Error"]["Code"] == code
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_policy_limits_what_a_signed_user_may_do(signing_emulator):
    signing_emulator.reset()
    key = create_signing_user(signing_emulator, policy=ALLOW_DYNAMODB)
    credentials = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
    assert signing_emulator.client("dynamodb", **credentials).list_tables()["TableNames"] == []
    with pytest.raises(ClientError) as raised:
        signing_emulator.client("kms", **credentials).list_keys()
    assert raised.value.response["Error"]["Code"] == "AccessDeniedException"


def test_query_protocol_services_keep_their_xml_errors(signing_emulator):
    signing_emulator.reset()
    create_signing_user(signing_emulator)
    with pytest.raises(ClientError) as raised:
        signing_emulator.client("sts").get_caller_identity()
    assert raised.value.response["Error"]["Code"] == "InvalidClientTokenId"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
