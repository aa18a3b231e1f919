"""Table classes, which moto ignores in CreateTable and UpdateTable.

Contract: ``record(table, table_class)`` stores the class a CreateTable or
UpdateTable asked for (``None`` leaves it unchanged); ``render(table,
description)`` adds ``TableClassSummary`` for a table whose class was ever set.
Kept per moto ``Table`` object, weakly.

AWS texts followed (DynamoDB API reference):
- UpdateTableInput.TableClass: "The table class of the table to be updated.
  Valid values are STANDARD and STANDARD_INFREQUENT_ACCESS."
- TableClassSummary.TableClass: "The table class of the specified table."
  TableClassSummary.LastUpdateDateTime: "The date and time at which the table
  class was last updated."
"""

import weakref
from typing import Any

from moto.core.utils import utcnow
from moto.dynamodb.exceptions import MockValidationException
from moto.dynamodb.models.table import Table

VALID = ("STANDARD", "STANDARD_INFREQUENT_ACCESS")

_summaries: "weakref.WeakKeyDictionary[Table, dict[str, Any]]" = weakref.WeakKeyDictionary()


def validate(table_class: str | None) -> None:
    if table_class is not None and table_class not in VALID:
        raise MockValidationException(
            f"1 validation error detected: Value '{table_class}' at 'tableClass' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(VALID)}]"
        )


def record(table: Table, table_class: str | None) -> None:
    if table_class is not None:
        _summaries[table] = {"TableClass": table_class, "LastUpdateDateTime": utcnow()}


def render(table: Table, description: dict[str, Any]) -> None:
    summary = _summaries.get(table)
    if summary:
        description["TableClassSummary"] = dict(summary)
