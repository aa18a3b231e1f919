"""CreateTable, UpdateTable and DeleteTable run the way AWS runs them, around moto's own handlers.

``install()`` wraps moto's DynamoDB request handler and ``Table.describe``:

- every DynamoDB request runs under one lock (moto's backends are not
  thread-safe, and UpdateTable's check-then-change must be atomic), after
  finishing the table deletions that are due;
- CreateTable validates SSESpecification and TableClass, gives moto the
  canonical encryption settings (key ARN), attaches the ResourcePolicy it
  carries, then starts CREATING;
- UpdateTable refuses a table that is not ACTIVE, checks the GSI updates, the
  new indexes' attribute definitions, a billing mode switch, encryption
  changes and their quota, merges AttributeDefinitions with the table's, lets
  moto apply the fields it knows, then applies SSESpecification and
  TableClass and starts UPDATING;
- DeleteTable refuses a table being created or updated, answers a table
  already DELETING without error, lets moto delete, then keeps the table
  visible as DELETING for the state delay;
- every table description (DescribeTable and the responses above) carries the
  states computed by ``lifecycle``, ``attribute_definitions``,
  ``billing_mode``, ``sse`` and ``table_class``.

Each operation answers with the table as it is after the whole operation.
The AWS texts followed are quoted in the modules named above.
"""

import threading
from typing import Any, Callable

from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler, DynamoResult

from emulator import attribute_definitions, billing_mode, index_updates, lifecycle, resource_policy, sse, table_class
from emulator.patching import wrap

_lock = threading.RLock()
Original = Callable[..., Any]


def install() -> None:
    wrap(DynamoHandler, "call_action", _call_action)
    wrap(DynamoHandler, "create_table", _create_table)
    wrap(DynamoHandler, "update_table", _update_table)
    wrap(DynamoHandler, "delete_table", _delete_table)
    wrap(Table, "describe", _describe)


def _call_action(original: Original, handler: DynamoHandler) -> Any:
    with _lock:
        lifecycle.finish_due_deletions(handler.dynamodb_backend)
        return original(handler)


def _create_table(original: Original, handler: DynamoHandler) -> DynamoResult:
    body = handler.body
    table_class.validate(body.get("TableClass"))
    spec = sse.canonical_spec(handler.current_account, handler.region, body.get("SSESpecification"))
    if spec:
        body["SSESpecification"] = spec
    else:
        body.pop("SSESpecification", None)
    original(handler)
    table = handler.dynamodb_backend.get_table(body["TableName"])
    table_class.record(table, body.get("TableClass"))
    resource_policy.attach_on_create(handler.dynamodb_backend, table, body.get("ResourcePolicy"))
    lifecycle.mark_creating(table)
    return DynamoResult(table.describe())


def _update_table(original: Original, handler: DynamoHandler) -> DynamoResult:
    body = handler.body
    table = handler.dynamodb_backend.get_table(body["TableName"])
    lifecycle.require_active(table)
    table_class.validate(body.get("TableClass"))
    index_updates.check(table, body)
    attribute_definitions.check_new_indexes(body)
    billing_mode.check(table, body)
    changes_sse = "SSESpecification" in body
    if changes_sse:
        spec = sse.canonical_spec(handler.current_account, handler.region, body["SSESpecification"])
        sse.check_change_quota(table)
    attribute_definitions.merge_for_update(table, body)
    indexes_before = {index.name: index.describe() for index in table.global_indexes}
    original(handler)
    indexes_after = {index.name for index in table.global_indexes}
    if changes_sse:
        sse.apply_change(table, spec)
    table_class.record(table, body.get("TableClass"))
    lifecycle.mark_updating(
        table,
        created_indexes=indexes_after - indexes_before.keys(),
        removed_indexes=[indexes_before[name] for name in indexes_before.keys() - indexes_after],
    )
    return DynamoResult(table.describe())


def _delete_table(original: Original, handler: DynamoHandler) -> DynamoResult:
    backend = handler.dynamodb_backend
    table = backend.get_table(handler.body["TableName"])
    if lifecycle.status(table) != lifecycle.DELETING:
        lifecycle.require_active(table)
        original(handler)
        lifecycle.mark_deleting(backend, table)
    return DynamoResult(table.describe())


def _describe(original: Original, table: Table, base_key: str = "TableDescription") -> dict[str, Any]:
    result = original(table, base_key)
    description = result[base_key]
    lifecycle.render(table, description)
    attribute_definitions.render(table, description)
    billing_mode.render(table, description)
    sse.render(table, description)
    table_class.render(table, description)
    return result
