"""End-to-end: every updatable Table field, changed one at a time through the
running controller, converges (issue 6, Tests). Results are checked with boto3
(DescribeTable and the separate Describe*/Get* APIs) and the ACK.ResourceSynced
condition; writes are counted from the emulator's request log."""
import json
import time
import uuid

from conftest import condition, wait_for

WRITES = ("CreateTable", "UpdateTable", "DeleteTable", "TagResource", "UntagResource", "UpdateTimeToLive",
          "UpdateContinuousBackups", "UpdateContributorInsights", "PutResourcePolicy", "DeleteResourcePolicy")


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def writes(emulator):
    """The DynamoDB writes AWS accepted, by operation (zeros left out)."""
    counts = emulator.accepted("dynamodb:*")
    return {op: counts[f"dynamodb:{op}"] for op in WRITES if counts.get(f"dynamodb:{op}")}


def base_table(name, table_name, **spec):
    return {
        "apiVersion": "dynamodb.services.k8s.aws/v1alpha1", "kind": "Table",
        "metadata": {"name": name, "annotations": {"tablekeeper.io/resync-seconds": "2"}},
        "spec": {"tableName": table_name,
                 "attributeDefinitions": [{"attributeName": "pk", "attributeType": "S"},
                                          {"attributeName": "g", "attributeType": "S"},
                                          {"attributeName": "h", "attributeType": "N"}],
                 "keySchema": [{"attributeName": "pk", "keyType": "HASH"}],
                 "billingMode": "PAY_PER_REQUEST", **spec},
    }


def gsi(name, attribute, projection="ALL", throughput=None, non_key=None):
    index = {"indexName": name, "keySchema": [{"attributeName": attribute, "keyType": "HASH"}],
             "projection": {"projectionType": projection}}
    if non_key:
        index["projection"]["nonKeyAttributes"] = non_key
    if throughput:
        index["provisionedThroughput"] = {"readCapacityUnits": throughput[0], "writeCapacityUnits": throughput[1]}
    return index


class Subject:
    """One Table object and its DynamoDB table."""

    def __init__(self, admin, namespace, dynamodb, emulator, name, table_name):
        self.admin, self.namespace, self.dynamodb, self.emulator = admin, namespace, dynamodb, emulator
        self.name, self.table_name = name, table_name

    def obj(self):
        return self.admin.get("table", self.name, self.namespace)

    def describe(self):
        return self.dynamodb.describe_table(TableName=self.table_name)["Table"]

    def synced(self, timeout=120):
        def check():
            obj = self.obj()
            entry = condition(obj, "ACK.ResourceSynced")
            return obj if entry and entry["status"] == "True" else None
        return wait_for(check, timeout=timeout, what=f"table {self.name} synced")

    def patch(self, spec):
        self.admin.run("patch", "table", self.name, "-n", self.namespace, "--type", "merge",
                       "-p", json.dumps({"spec": spec}))

    def change(self, spec, converged, what, timeout=120, settle=6):
        """Patches `spec`, waits until `converged()` holds in AWS and the object
        is synced with the table ACTIVE, lets a few resyncs pass, and returns the
        writes the change cost."""
        self.emulator.clear_requests()
        self.patch(spec)
        wait_for(converged, timeout=timeout, interval=1, what=what)
        wait_for(lambda: self.describe()["TableStatus"] == "ACTIVE" and all(
            i.get("IndexStatus") == "ACTIVE" for i in self.describe().get("GlobalSecondaryIndexes") or []),
            timeout=60, what=f"{self.table_name} ACTIVE")
        time.sleep(settle)  # resyncs every 2 s: room for any extra write
        obj = self.synced()
        assert obj["status"]["tableStatus"] == "ACTIVE"
        return writes(self.emulator)


def create(admin, namespace, dynamodb, emulator, manifest):
    admin.apply(manifest, namespace)
    subject = Subject(admin, namespace, dynamodb, emulator, manifest["metadata"]["name"],
                      manifest["spec"]["tableName"])
    subject.synced()
    return subject


def test_capacity_billing_mode_and_indexes(admin, namespace, start_controller, dynamodb, emulator):
    start_controller()
    t = create(admin, namespace, dynamodb, emulator,
               base_table("capacity", unique("capacity"), globalSecondaryIndexes=[gsi("by-g", "g")]))

    def throughput(index=None):
        table = t.describe()
        if index is None:
            p = table["ProvisionedThroughput"]
        else:
            p = next(i for i in table["GlobalSecondaryIndexes"] if i["IndexName"] == index)["ProvisionedThroughput"]
        return p["ReadCapacityUnits"], p["WriteCapacityUnits"]

    def billing():
        return (t.describe().get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")

    # PAY_PER_REQUEST -> PROVISIONED, with the GSI's throughput: one UpdateTable.
    cost = t.change({"billingMode": "PROVISIONED",
                     "provisionedThroughput": {"readCapacityUnits": 5, "writeCapacityUnits": 5},
                     "globalSecondaryIndexes": [gsi("by-g", "g", throughput=(3, 2))]},
                    lambda: billing() == "PROVISIONED" and throughput() == (5, 5) and throughput("by-g") == (3, 2),
                    "the switch to PROVISIONED")
    assert cost == {"UpdateTable": 1}, cost

    # A throughput change: exactly one UpdateTable.
    cost = t.change({"provisionedThroughput": {"readCapacityUnits": 7, "writeCapacityUnits": 6}},
                    lambda: throughput() == (7, 6), "the new table throughput")
    assert cost == {"UpdateTable": 1}, cost
    assert throughput("by-g") == (3, 2)

    # The GSI's throughput alone: one UpdateTable.
    cost = t.change({"globalSecondaryIndexes": [gsi("by-g", "g", throughput=(4, 4))]},
                    lambda: throughput("by-g") == (4, 4), "the new index throughput")
    assert cost == {"UpdateTable": 1}, cost

    # And back to PAY_PER_REQUEST: one UpdateTable; AWS reports 0 capacity.
    cost = t.change({"billingMode": "PAY_PER_REQUEST", "provisionedThroughput": None,
                     "globalSecondaryIndexes": [gsi("by-g", "g")]},
                    lambda: billing() == "PAY_PER_REQUEST", "the switch to PAY_PER_REQUEST")
    assert cost == {"UpdateTable": 1}, cost
    assert throughput() == (0, 0) and throughput("by-g") == (0, 0)

    def index(name):
        return next((i for i in t.describe().get("GlobalSecondaryIndexes") or [] if i["IndexName"] == name), None)

    # A GSI added: one UpdateTable.
    cost = t.change({"globalSecondaryIndexes": [gsi("by-g", "g"), gsi("by-h", "h", "KEYS_ONLY")]},
                    lambda: (index("by-h") or {}).get("IndexStatus") == "ACTIVE", "the new index")
    assert cost == {"UpdateTable": 1}, cost
    assert index("by-h")["Projection"]["ProjectionType"] == "KEYS_ONLY"
    assert index("by-h")["KeySchema"] == [{"AttributeName": "h", "KeyType": "HASH"}]

    # Its projection changed: deleted, then created again (two UpdateTables).
    cost = t.change({"globalSecondaryIndexes": [gsi("by-g", "g"), gsi("by-h", "h", "INCLUDE", non_key=["x"])]},
                    lambda: ((index("by-h") or {}).get("IndexStatus") == "ACTIVE"
                             and index("by-h")["Projection"].get("ProjectionType") == "INCLUDE"),
                    "the index recreated with the new projection", timeout=180)
    assert cost == {"UpdateTable": 2}, cost
    assert index("by-h")["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}

    # Removed: one UpdateTable.
    cost = t.change({"globalSecondaryIndexes": [gsi("by-g", "g")]},
                    lambda: index("by-h") is None, "the index gone")
    assert cost == {"UpdateTable": 1}, cost
    assert [i["IndexName"] for i in t.describe()["GlobalSecondaryIndexes"]] == ["by-g"]


def test_table_settings_one_at_a_time(admin, namespace, start_controller, dynamodb, emulator):
    start_controller()
    t = create(admin, namespace, dynamodb, emulator,
               base_table("settings", unique("settings"),
                          tags=[{"key": "team", "value": "orders"}, {"key": "env", "value": "test"}]))
    arn = t.obj()["status"]["ackResourceMetadata"]["arn"]

    # Stream on.
    cost = t.change({"streamSpecification": {"streamEnabled": True, "streamViewType": "NEW_AND_OLD_IMAGES"}},
                    lambda: (t.describe().get("StreamSpecification") or {}).get("StreamEnabled"), "the stream on")
    assert cost == {"UpdateTable": 1}, cost
    assert t.describe()["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert t.describe().get("LatestStreamArn")

    # Table class.
    cost = t.change({"tableClass": "STANDARD_INFREQUENT_ACCESS"},
                    lambda: (t.describe().get("TableClassSummary") or {}).get("TableClass")
                    == "STANDARD_INFREQUENT_ACCESS", "the table class")
    assert cost == {"UpdateTable": 1}, cost

    # Deletion protection on, then off.
    cost = t.change({"deletionProtectionEnabled": True},
                    lambda: t.describe().get("DeletionProtectionEnabled") is True, "deletion protection on")
    assert cost == {"UpdateTable": 1}, cost
    cost = t.change({"deletionProtectionEnabled": False},
                    lambda: t.describe().get("DeletionProtectionEnabled") is False, "deletion protection off")
    assert cost == {"UpdateTable": 1}, cost

    # Tags: a value changed and a tag added, one removed.
    def tags():
        return {tag["Key"]: tag["Value"] for tag in dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"]}
    wanted = {"team": "payments", "tier": "gold"}
    cost = t.change({"tags": [{"key": k, "value": v} for k, v in wanted.items()]},
                    lambda: tags() == wanted, "the new tags")
    assert cost == {"TagResource": 1, "UntagResource": 1}, cost
    # Reordered: no write.
    cost = t.change({"tags": [{"key": k, "value": v} for k, v in reversed(list(wanted.items()))]},
                    lambda: True, "nothing")
    assert cost == {}, cost
    assert tags() == wanted

    # Time to live (the emulator's one-change-per-hour rule off for this).
    window = emulator.settings()["ttl_change_window"]
    emulator.settings(ttl_change_window=0)
    try:
        def ttl():
            return dynamodb.describe_time_to_live(TableName=t.table_name)["TimeToLiveDescription"]
        cost = t.change({"timeToLive": {"enabled": True, "attributeName": "expiresAt"}},
                        lambda: ttl().get("TimeToLiveStatus") == "ENABLED", "TTL enabled")
        assert cost == {"UpdateTimeToLive": 1}, cost
        assert ttl()["AttributeName"] == "expiresAt"
    finally:
        emulator.settings(ttl_change_window=window)

    # Point-in-time recovery.
    def pitr():
        return dynamodb.describe_continuous_backups(TableName=t.table_name)["ContinuousBackupsDescription"][
            "PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
    cost = t.change({"continuousBackups": {"pointInTimeRecoveryEnabled": True}},
                    lambda: pitr() == "ENABLED", "PITR enabled")
    assert cost == {"UpdateContinuousBackups": 1}, cost

    # Contributor Insights.
    def insights():
        return dynamodb.describe_contributor_insights(TableName=t.table_name)["ContributorInsightsStatus"]
    cost = t.change({"contributorInsights": "ENABLE"}, lambda: insights() == "ENABLED",
                    "Contributor Insights enabled")
    assert cost == {"UpdateContributorInsights": 1}, cost

    # Nothing else moved meanwhile.
    table = t.describe()
    assert table["StreamSpecification"]["StreamEnabled"] is True
    assert table["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    assert table["DeletionProtectionEnabled"] is False


def test_resource_policy_and_encryption(admin, namespace, start_controller, dynamodb, emulator, kms):
    start_controller()
    t = create(admin, namespace, dynamodb, emulator, base_table("guarded", unique("guarded")))
    arn = t.obj()["status"]["ackResourceMetadata"]["arn"]

    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": "ReadOnly", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": arn}]}

    def current_policy():
        try:
            return json.loads(dynamodb.get_resource_policy(ResourceArn=arn)["Policy"])
        except dynamodb.exceptions.PolicyNotFoundException:
            return None
    cost = t.change({"resourcePolicy": json.dumps(policy, separators=(",", ":"))},
                    lambda: current_policy() == policy, "the resource policy")
    assert cost == {"PutResourcePolicy": 1}, cost

    # The same policy, reformatted (indentation, member order): no write.
    statement = policy["Statement"][0]
    reformatted = json.dumps({"Statement": [dict(reversed(list(statement.items())))],
                              "Version": policy["Version"]}, indent=4)
    cost = t.change({"resourcePolicy": reformatted}, lambda: True, "nothing")
    assert cost == {}, cost
    assert current_policy() == policy

    # SSE to the AWS managed key, then back to the AWS owned key.
    def sse():
        return t.describe().get("SSEDescription")
    cost = t.change({"sseSpecification": {"enabled": True}},
                    lambda: (sse() or {}).get("Status") == "ENABLED", "SSE on the AWS managed key")
    assert cost == {"UpdateTable": 1}, cost
    managed = kms.describe_key(KeyId="alias/aws/dynamodb")["KeyMetadata"]
    assert managed["KeyManager"] == "AWS"
    assert sse()["SSEType"] == "KMS" and sse()["KMSMasterKeyArn"] == managed["Arn"]

    cost = t.change({"sseSpecification": {"enabled": False}}, lambda: sse() is None, "SSE on the AWS owned key")
    assert cost == {"UpdateTable": 1}, cost
