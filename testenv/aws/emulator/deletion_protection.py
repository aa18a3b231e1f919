"""DeleteTable on a table with deletion protection, answered in DynamoDB's words.

Moto refuses the deletion with a ValidationException of its own wording
("1 validation error detected: Table '<name>' can't be deleted while
DeletionProtectionEnabled is set to True").

Contract after ``install()``: DeleteTable on a table whose
DeletionProtectionEnabled is true answers ValidationException "Resource cannot
be deleted as it is currently protected against deletion. Disable deletion
protection first." and leaves the table as it was.

AWS texts followed:
- TableDescription.DeletionProtectionEnabled (API reference): "Indicates
  whether deletion protection is enabled (true) or disabled (false) on the
  table."
- DynamoDB developer guide, "Using deletion protection": a table with deletion
  protection enabled cannot be deleted until the protection is disabled. The
  error text is the one DynamoDB returns, as mocked by tools that handle it
  (e.g. the tests of aws-nuke's DynamoDB table resource).
"""

from typing import Any, Callable

from moto.dynamodb.exceptions import MockValidationException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

from emulator.patching import wrap

MESSAGE = "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first."


def install() -> None:
    wrap(DynamoDBBackend, "delete_table", _delete_table)


def _delete_table(original: Callable[..., Any], backend: DynamoDBBackend, name: str) -> Table:
    if backend.get_table(name).deletion_protection_enabled:
        raise MockValidationException(MESSAGE)
    return original(backend, name)
