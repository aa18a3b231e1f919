"""The rules DynamoDB applies to GlobalSecondaryIndexUpdates, which moto does not check.

Moto creates or deletes any number of GSIs in one UpdateTable, and fails with
HTTP 500 (a Python ValueError) on deleting or updating an index that does not
exist or creating one that does.

Contract: ``check(table, body)`` runs before moto applies an UpdateTable and
raises, changing nothing:
- LimitExceededException when the request creates or deletes more than one
  index;
- ResourceNotFoundException when it deletes or updates an index the table
  does not have (local secondary indexes are not GSIs);
- ValidationException when it creates an index whose name the table already
  has.

AWS texts and observations followed:
- UpdateTableInput.GlobalSecondaryIndexUpdates: "You can create or delete only
  one global secondary index per UpdateTable operation."
- The error DynamoDB gives for a second create or delete, in one call or while
  another index is being built, is LimitExceededException "Subscriber limit
  exceeded: Only 1 online index can be created or deleted simultaneously per
  table" (taoensso/faraday#80 for one call with two creates;
  architect/architect#334 and #268, noppoMan/npdynamodb#29 for the code).
  While the emulator shows an index CREATING, the table is UPDATING too, so a
  second call meets ResourceInUseException first (see ``lifecycle``).
- ResourceNotFoundException: "The operation tried to access a nonexistent
  table or index."
- "Attempting to create an index which already exists" (ValidationException)
  is the text clients match, e.g. the amazonka DynamoDB waiters.
"""

from typing import Any

from moto.dynamodb.exceptions import ERROR_TYPE_PREFIX, DynamodbException, MockValidationException, ResourceNotFoundException
from moto.dynamodb.models.table import Table

ONE_INDEX_AT_A_TIME = "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"


class LimitExceededException(DynamodbException):
    def __init__(self, message: str):
        super().__init__(ERROR_TYPE_PREFIX + "LimitExceededException", message)


def check(table: Table, body: dict[str, Any]) -> None:
    updates = body.get("GlobalSecondaryIndexUpdates") or []
    if sum(1 for update in updates if update.get("Create") or update.get("Delete")) > 1:
        raise LimitExceededException(ONE_INDEX_AT_A_TIME)
    existing = {index.name for index in table.global_indexes}
    for update in updates:
        for action in ("Delete", "Update"):
            name = (update.get(action) or {}).get("IndexName")
            if name is not None and name not in existing:
                raise ResourceNotFoundException(f"Requested resource not found: Index: {name} not found for table: {table.name}")
        create = update.get("Create")
        if create and create.get("IndexName") in existing:
            raise MockValidationException("Attempting to create an index which already exists")
