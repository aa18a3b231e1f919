"""Table resource policies as DynamoDB keeps them.

Moto answers ResourceNotFoundException when DeleteResourcePolicy finds no
policy and an empty answer when it deletes one, ignores CreateTable's
ResourcePolicy, and keeps a deleted table's policy, so a new table of the same
name starts with it.

Contract:
- after ``install()``, DeleteResourcePolicy on a table without a policy
  succeeds and changes nothing, unless it carries ExpectedRevisionId, which
  answers PolicyNotFoundException; DeleteResourcePolicy answers the RevisionId
  of the policy it deleted (none when there was none); deleting a table
  removes its policy.
- ``attach_on_create(backend, table, policy)`` attaches the policy a
  CreateTable carried (``table_operations`` calls it after moto created the
  table); GetResourcePolicy then returns it with a RevisionId.

AWS texts followed (DynamoDB API reference):
- DeleteResourcePolicy: "DeleteResourcePolicy is an idempotent operation;
  running it multiple times on the same resource doesn't result in an error
  response, unless you specify an ExpectedRevisionId, which will then return
  a PolicyNotFoundException."
- DeleteResourcePolicyOutput.RevisionId: "A unique string that represents the
  revision ID of the policy. [...] This value will be empty if you make a
  request against a resource without a policy."
- CreateTableInput.ResourcePolicy: "An Amazon Web Services resource-based
  policy document in JSON format that will be attached to the table."
- DeleteTable: "deletes a table and all of its items"; the policy is part of
  the table (GetResourcePolicy on the ARN afterwards finds no table).
"""

from typing import Any, Callable

from moto.core.responses import ActionResult
from moto.dynamodb.exceptions import PolicyNotFoundException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler

from emulator.patching import wrap


def install() -> None:
    wrap(DynamoDBBackend, "delete_resource_policy", _delete_resource_policy)
    wrap(DynamoDBBackend, "delete_table", _delete_table)
    wrap(DynamoHandler, "delete_resource_policy", _delete_resource_policy_answer)


def attach_on_create(backend: DynamoDBBackend, table: Table, policy: str | None) -> None:
    if policy:
        backend.put_resource_policy(table.table_arn, policy, None)


def _delete_resource_policy(original: Callable[..., Any], backend: DynamoDBBackend, resource_arn: str, expected_revision_id: str | None) -> None:
    table_name = resource_arn.split("/")[-1]
    if table_name in backend.tables and resource_arn not in backend.resource_policies:
        if expected_revision_id:
            raise PolicyNotFoundException(f"Resource-based policy not found for the provided ResourceArn: {resource_arn}")
        return
    original(backend, resource_arn, expected_revision_id)


def _delete_resource_policy_answer(original: Callable[..., Any], handler: DynamoHandler) -> ActionResult:
    deleted = handler.dynamodb_backend.resource_policies.get(handler.body.get("ResourceArn"))
    answer = original(handler)
    return ActionResult({"RevisionId": deleted.revision_id}) if deleted is not None else answer


def _delete_table(original: Callable[..., Any], backend: DynamoDBBackend, name: str) -> Table:
    table = original(backend, name)
    backend.resource_policies.pop(table.table_arn, None)
    return table
