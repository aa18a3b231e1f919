"""Switching a table's billing mode, and the capacity DynamoDB reports in each mode.

Moto switches to PROVISIONED without capacity for the table's GSIs (they stay
at 0), accepts capacity on a PAY_PER_REQUEST table, and after a switch to
PAY_PER_REQUEST keeps reporting the old provisioned capacity.

Contract:
- ``check(table, body)`` runs before moto applies an UpdateTable and raises
  ValidationException, changing nothing, when
  - the table switches from PAY_PER_REQUEST to PROVISIONED without
    ProvisionedThroughput for the table, or without a GSI Update carrying
    ProvisionedThroughput for every GSI it keeps;
  - the table is (or becomes) PAY_PER_REQUEST and the request carries
    ProvisionedThroughput for the table or for a GSI it updates.
- ``render(table, description)`` reports ReadCapacityUnits and
  WriteCapacityUnits 0 for the table and its GSIs while the table is
  PAY_PER_REQUEST.

AWS texts followed (DynamoDB API reference):
- UpdateTableInput.BillingMode: "When switching from pay-per-request to
  provisioned capacity, initial provisioned capacity values must be set."
- ProvisionedThroughputDescription.ReadCapacityUnits (and WriteCapacityUnits):
  "For a table or global secondary index that uses on-demand capacity mode
  (PAY_PER_REQUEST), this value is 0, because on-demand mode does not use
  provisioned throughput."
- Messages, as DynamoDB words them: "One or more parameter values were
  invalid: ProvisionedThroughput must be specified when BillingMode is
  PROVISIONED", "... ProvisionedThroughput must be specified for index:
  <index>", "... Neither ReadCapacityUnits nor WriteCapacityUnits can be
  specified when BillingMode is PAY_PER_REQUEST" (and "... for index: <index>
  when BillingMode is PAY_PER_REQUEST").
"""

from typing import Any

from moto.dynamodb.exceptions import MockValidationException
from moto.dynamodb.models.table import Table

PROVISIONED = "PROVISIONED"
PAY_PER_REQUEST = "PAY_PER_REQUEST"
_INVALID = "One or more parameter values were invalid: "


def check(table: Table, body: dict[str, Any]) -> None:
    current = mode(table)
    target = body.get("BillingMode") or current
    index_updates = [update["Update"] for update in body.get("GlobalSecondaryIndexUpdates") or [] if update.get("Update")]
    if target == PAY_PER_REQUEST:
        if body.get("ProvisionedThroughput"):
            raise MockValidationException(
                _INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
            )
        for update in index_updates:
            if update.get("ProvisionedThroughput"):
                raise MockValidationException(
                    _INVALID + f"Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: "
                    f"{update['IndexName']} when BillingMode is PAY_PER_REQUEST"
                )
    elif current == PAY_PER_REQUEST:
        if not body.get("ProvisionedThroughput"):
            raise MockValidationException(_INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
        deleted = {update["Delete"]["IndexName"] for update in body.get("GlobalSecondaryIndexUpdates") or [] if update.get("Delete")}
        with_capacity = {update["IndexName"] for update in index_updates if update.get("ProvisionedThroughput")}
        for index in table.global_indexes:
            if index.name not in deleted and index.name not in with_capacity:
                raise MockValidationException(_INVALID + f"ProvisionedThroughput must be specified for index: {index.name}")


def mode(table: Table) -> str:
    return table.billing_mode or PROVISIONED


def render(table: Table, description: dict[str, Any]) -> None:
    if mode(table) != PAY_PER_REQUEST:
        return
    for owner in [description, *description.get("GlobalSecondaryIndexes", [])]:
        if "ProvisionedThroughput" in owner:
            # A new dict: moto's description shares the table's own throughput dict.
            owner["ProvisionedThroughput"] = dict(owner["ProvisionedThroughput"], ReadCapacityUnits=0, WriteCapacityUnits=0)
