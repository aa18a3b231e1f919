"""DynamoDB TagResource and UntagResource as AWS documents them.

Moto appends a second tag when TagResource names an existing key, and silently
does nothing for an ARN that names no table.

Contract after ``install()``: TagResource and UntagResource on an ARN that
names no table raise ResourceNotFoundException (moto's own lookup, the one
ListTagsOfResource uses); TagResource replaces the value of a key the table
already has, by removing those keys with moto's UntagResource before moto
appends the new tags.

AWS texts followed (DynamoDB API reference):
- Tag.Key: "Each DynamoDB table can only have up to one tag with the same key.
  If you try to add an existing tag (same key), the existing tag value will be
  updated to the new value."
- TagResource errors include ResourceNotFoundException: "The operation tried to
  access a nonexistent table or index."
"""

from typing import Any, Callable

from moto.dynamodb.models import DynamoDBBackend

from emulator.patching import wrap


def install() -> None:
    wrap(DynamoDBBackend, "tag_resource", _tag_resource)
    wrap(DynamoDBBackend, "untag_resource", _untag_resource)


def _tag_resource(original: Callable[..., Any], backend: DynamoDBBackend, arn: str, tags: dict[str, str]) -> None:
    backend.list_tags_of_resource(arn)
    backend.untag_resource(arn, list(tags))
    original(backend, arn, tags)


def _untag_resource(original: Callable[..., Any], backend: DynamoDBBackend, arn: str, tag_keys: list[str]) -> None:
    backend.list_tags_of_resource(arn)
    original(backend, arn, tag_keys)
