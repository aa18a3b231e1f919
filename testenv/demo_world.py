"""The demo's AWS half: a KMS key, an alias for it, and a DynamoDB table
encrypted by that alias, in the test world's emulator, described with boto3.

Names carry a fresh suffix so the demo can run again on the same world.
"""
import uuid

import boto3


def main():
    suffix = uuid.uuid4().hex[:6]
    kms = boto3.client("kms")
    dynamodb = boto3.client("dynamodb")

    key = kms.create_key(Description="demo key for the orders table")["KeyMetadata"]
    alias = f"alias/demo-orders-{suffix}"
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
    print(f"KMS key      {key['Arn']}")
    print(f"alias        {alias}")

    table_name = f"demo-orders-{suffix}"
    dynamodb.create_table(
        TableName=table_name,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": alias},
    )
    dynamodb.get_waiter("table_exists").wait(
        TableName=table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    table = dynamodb.describe_table(TableName=table_name)["Table"]
    sse = table["SSEDescription"]
    print(f"table        {table['TableArn']} ({table['TableStatus']})")
    print(f"  asked for  KMSMasterKeyId={alias}")
    print(f"  described  KMSMasterKeyArn={sse['KMSMasterKeyArn']} ({sse['Status']})")
    same = sse["KMSMasterKeyArn"] == key["Arn"]
    print("  DynamoDB answers the alias with the key's ARN: a string compare would see a diff"
          if same else "  unexpected: the described key is not the alias's key")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
