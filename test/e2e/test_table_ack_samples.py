"""End-to-end: ACK's own sample Table manifests (ack_samples/table_*.yaml, from
aws-controllers-k8s/dynamodb-controller test/e2e/resources) apply unchanged but
for their $VARIABLES and converge: ACK.ResourceSynced=True and the table ACTIVE
in DynamoDB (issue 6, Tests)."""
import json
import pathlib
import string
import uuid

import pytest

from conftest import condition, wait_for

SAMPLES = pathlib.Path(__file__).resolve().parent / "ack_samples"
ACCOUNT = "123456789012"
REGION = "us-east-1"


def policy(resource):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "AllowAccountRead", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": resource}]})


def render(sample, table_name):
    text = (SAMPLES / sample).read_text()
    table_arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table_name}"
    return string.Template(text).substitute(
        TABLE_NAME=table_name, RESOURCE_POLICY=policy(table_arn),
        STREAM_RESOURCE_POLICY=policy(f"{table_arn}/stream/*"),
        REPLICA_REGION_1="us-west-2", REPLICA_REGION_2="eu-west-1")


# sample -> extra check on the DescribeTable answer (and the client), or a mark
CASES = [
    pytest.param("table_basic.yaml", id="basic"),
    pytest.param("table_forums.yaml", id="forums"),
    pytest.param("table_global_secondary_indexes.yaml", id="gsi"),
    pytest.param("table_local_secondary_indexes.yaml", id="lsi"),
    pytest.param("table_insights.yaml", id="insights"),
    pytest.param("table_on_demand_throughput.yaml", id="on-demand-throughput", marks=pytest.mark.skip(
        reason="the emulator (moto) neither stores nor reports OnDemandThroughput, so the controller rightly "
               "ends Terminal after 2 UpdateTables that change nothing")),
    pytest.param("table_resource_policy.yaml", id="resource-policy"),
    pytest.param("table_stream_resource_policy.yaml", id="stream-resource-policy", marks=pytest.mark.xfail(
        strict=True, reason=("the API server refuses ACK's sample: strict decoding error: unknown field "
                             "\"spec.streamSpecification.resourcePolicy\" (our CRD lacks the field ACK has)"))),
    pytest.param("table_with_replicas.yaml", id="replicas", marks=pytest.mark.skip(
        reason="global tables (replicationGroup replicas in other regions): the emulator has one region")),
]


def check(sample, table, dynamodb):
    """What each sample asks for, as DynamoDB reports it."""
    name = table["TableName"]
    if sample == "table_forums.yaml" or sample == "table_local_secondary_indexes.yaml":
        assert [i["IndexName"] for i in table["LocalSecondaryIndexes"]] == ["LastPostIndex"]
        assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
        assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    if sample == "table_global_secondary_indexes.yaml":
        index = table["GlobalSecondaryIndexes"][0]
        assert index["IndexName"] == "office-per-city" and index["IndexStatus"] == "ACTIVE"
        assert index["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["Test"]}
    if sample == "table_insights.yaml":
        assert dynamodb.describe_contributor_insights(TableName=name)["ContributorInsightsStatus"] == "ENABLED"
    if sample == "table_on_demand_throughput.yaml":
        assert table["OnDemandThroughput"] == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 100}
        assert table["GlobalSecondaryIndexes"][0]["OnDemandThroughput"] == {
            "MaxReadRequestUnits": 50, "MaxWriteRequestUnits": 50}
    if sample == "table_resource_policy.yaml":
        got = json.loads(dynamodb.get_resource_policy(ResourceArn=table["TableArn"])["Policy"])
        assert got["Statement"][0]["Resource"] == table["TableArn"]
    if sample == "table_stream_resource_policy.yaml":
        got = json.loads(dynamodb.get_resource_policy(ResourceArn=table["LatestStreamArn"])["Policy"])
        assert got["Statement"][0]["Sid"] == "AllowAccountRead"


@pytest.mark.parametrize("sample", CASES)
def test_an_ack_sample_applies_unchanged_and_converges(admin, namespace, start_controller, dynamodb, sample):
    start_controller()
    table_name = f"ack-{uuid.uuid4().hex[:8]}"
    admin.apply(render(sample, table_name), namespace)

    def synced():
        obj = admin.get("table", table_name, namespace)
        entry = condition(obj, "ACK.ResourceSynced")
        return obj if entry and entry["status"] == "True" else None
    obj = wait_for(synced, timeout=120, what=f"{sample} synced")
    assert obj["status"]["tableStatus"] == "ACTIVE"
    table = wait_for(lambda: (lambda t: t if t["TableStatus"] == "ACTIVE" else None)(
        dynamodb.describe_table(TableName=table_name)["Table"]), timeout=60, what="ACTIVE")
    check(sample, table, dynamodb)
