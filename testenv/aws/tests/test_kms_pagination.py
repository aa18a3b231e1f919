"""KMS ListKeys, ListAliases and ListResourceTags honour Limit and Marker."""

import pytest
from botocore.exceptions import ClientError


def all_pages(call, member, **arguments):
    items, pages, marker = [], 0, None
    while True:
        page = call(**arguments, **({"Marker": marker} if marker else {}))
        items += page[member]
        pages += 1
        if not page["Truncated"]:
            assert "NextMarker" not in page
            return items, pages
        marker = page["NextMarker"]


@pytest.fixture
def kms(aws):
    return aws.client("kms")


def test_list_keys_pages(kms):
    created = sorted(kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(5))
    first = kms.list_keys(Limit=2)
    assert len(first["Keys"]) == 2 and first["Truncated"] is True and first["NextMarker"]
    keys, pages = all_pages(kms.list_keys, "Keys", Limit=2)
    assert [key["KeyId"] for key in keys] == created and pages == 3


def test_list_aliases_pages_and_filters_by_key(kms):
    key = kms.create_key()["KeyMetadata"]
    other = kms.create_key()["KeyMetadata"]
    for index in range(5):
        kms.create_alias(AliasName=f"alias/orders-{index}", TargetKeyId=key["KeyId"])
    kms.create_alias(AliasName="alias/other", TargetKeyId=other["KeyId"])
    aliases, pages = all_pages(kms.list_aliases, "Aliases", KeyId=key["Arn"], Limit=2)
    assert [alias["AliasName"] for alias in aliases] == [f"alias/orders-{index}" for index in range(5)] and pages == 3
    everything, _ = all_pages(kms.list_aliases, "Aliases", Limit=3)
    assert {"alias/orders-0", "alias/other", "alias/aws/dynamodb"} <= {alias["AliasName"] for alias in everything}
    assert len(everything) == len({alias["AliasName"] for alias in everything})


def test_list_resource_tags_pages(kms):
    key = kms.create_key(Tags=[{"TagKey": f"k{index}", "TagValue": str(index)} for index in range(5)])["KeyMetadata"]
    tags, pages = all_pages(kms.list_resource_tags, "Tags", KeyId=key["Arn"], Limit=2)
    assert [tag["TagKey"] for tag in tags] == [f"k{index}" for index in range(5)] and pages == 3


def test_default_limit_applies(kms):
    key = kms.create_key()["KeyMetadata"]
    for index in range(51):
        kms.create_alias(AliasName=f"alias/orders-{index:02}", TargetKeyId=key["KeyId"])
    page = kms.list_aliases(KeyId=key["KeyId"])
    assert len(page["Aliases"]) == 50 and page["Truncated"] is True


def test_an_item_removed_between_pages_does_not_break_the_marker(kms):
    key = kms.create_key()["KeyMetadata"]
    for index in range(4):
        kms.create_alias(AliasName=f"alias/orders-{index}", TargetKeyId=key["KeyId"])
    first = kms.list_aliases(KeyId=key["KeyId"], Limit=2)
    kms.delete_alias(AliasName="alias/orders-1")
    rest = kms.list_aliases(KeyId=key["KeyId"], Limit=2, Marker=first["NextMarker"])
    assert [alias["AliasName"] for alias in rest["Aliases"]] == ["alias/orders-2", "alias/orders-3"]


@pytest.mark.parametrize("operation, limit", [("list_keys", 1001), ("list_aliases", 101), ("list_resource_tags", 51)])
def test_limit_above_the_maximum_is_a_validation_error(kms, operation, limit):
    arguments = {"KeyId": kms.create_key()["KeyMetadata"]["KeyId"]} if operation == "list_resource_tags" else {}
    with pytest.raises(ClientError) as raised:
        getattr(kms, operation)(Limit=limit, **arguments)
    assert raised.value.response["Error"]["Code"] == "ValidationException"


def test_a_marker_not_issued_is_invalid(kms):
    with pytest.raises(ClientError) as raised:
        kms.list_keys(Marker="not-a-marker")
    assert raised.value.response["Error"]["Code"] == "InvalidMarkerException"
