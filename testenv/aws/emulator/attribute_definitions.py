"""Attribute definitions as DynamoDB keeps them: merged by UpdateTable, reported only while a key uses them.

Moto's UpdateTable replaces the table's AttributeDefinitions with the ones in
the request (so adding a GSI with only its own attribute loses the table key's
definition), never checks that a new index's key attributes are defined, and
DescribeTable keeps reporting definitions no key uses any more.

Contract:
- ``check_new_indexes(body)`` raises ValidationException when an UpdateTable
  creates a GSI and the request's AttributeDefinitions are missing or lack one
  of that index's key attributes.
- ``merge_for_update(table, body)`` rewrites the request's AttributeDefinitions
  (when present) into what moto should store: the table's definitions still
  used by a key schema, plus the request's definitions of other attributes. An
  attribute already in use keeps its type even if the request names another.
- ``render(table, description)`` keeps in ``AttributeDefinitions`` only the
  attributes used by the KeySchema of the table, its LSIs and the GSIs the
  description lists (an index shown as DELETING still counts). Call it after
  ``lifecycle.render``.

AWS texts and observations followed:
- UpdateTableInput.AttributeDefinitions: "An array of attributes that describe
  the key schema for the table and indexes. If you are adding a new global
  secondary index to the table, AttributeDefinitions must include the key
  element(s) of the new index." So the request names the new index's keys;
  the definitions the table already has are not repeated and stay.
- TableDescription.AttributeDefinitions: "Each of these objects describes one
  attribute in the table and index key schema." An attribute used only by a
  deleted index is no longer described.
- Messages: DynamoDB answers "One or more parameter values were invalid:
  AttributeDefinitions is not specified for index: <index>" when the request
  has none, and "Invalid KeySchema: Some index key attribute have no
  definition" when one is missing (the second seen for UpdateTable in
  alexdebrie/dynamodbguide.com#16).
- Redeclaring an attribute in use with another type is accepted and the
  stored type kept, as characterised against AWS in
  paritysuite/dynamodb-conformance#78.
"""

from typing import Any, Iterable

from moto.dynamodb.exceptions import MockValidationException
from moto.dynamodb.models.table import Table


def check_new_indexes(body: dict[str, Any]) -> None:
    defined = {definition["AttributeName"] for definition in body.get("AttributeDefinitions") or []}
    for update in body.get("GlobalSecondaryIndexUpdates") or []:
        create = update.get("Create")
        if not create:
            continue
        if not body.get("AttributeDefinitions"):
            raise MockValidationException(
                f"One or more parameter values were invalid: AttributeDefinitions is not specified for index: {create['IndexName']}"
            )
        if not {key["AttributeName"] for key in create.get("KeySchema", [])} <= defined:
            raise MockValidationException("Invalid KeySchema: Some index key attribute have no definition")


def merge_for_update(table: Table, body: dict[str, Any]) -> None:
    requested = body.get("AttributeDefinitions")
    if not requested:
        return
    used = _key_attributes(_schemas_of_table(table))
    merged = [definition for definition in table.attr if definition["AttributeName"] in used]
    names = {definition["AttributeName"] for definition in merged}
    for definition in requested:
        if definition["AttributeName"] not in names:
            merged.append(definition)
            names.add(definition["AttributeName"])
    body["AttributeDefinitions"] = merged


def render(table: Table, description: dict[str, Any]) -> None:
    schemas = [description.get("KeySchema", [])]
    for kind in ("LocalSecondaryIndexes", "GlobalSecondaryIndexes"):
        schemas.extend(index.get("KeySchema", []) for index in description.get(kind, []))
    used = _key_attributes(schemas)
    description["AttributeDefinitions"] = [
        definition for definition in description.get("AttributeDefinitions", []) if definition["AttributeName"] in used
    ]


def _schemas_of_table(table: Table) -> list[list[dict[str, str]]]:
    return [table.schema] + [index.schema for index in [*table.indexes, *table.global_indexes]]


def _key_attributes(schemas: Iterable[list[dict[str, str]]]) -> set[str]:
    return {key["AttributeName"] for schema in schemas for key in schema}
