"""DynamoDB Contributor Insights, which moto does not implement (it answers HTTP 500).

Contract after ``install()``, for a table (TableName: name or ARN) and for each
of its GSIs (IndexName):
- the status is DISABLED until UpdateContributorInsights changes it. ENABLE
  answers ENABLING, which lasts ``settings.state_delay`` seconds, then
  ENABLED; DISABLE answers DISABLING, then DISABLED. ENABLE of an enabled (or
  enabling) target with the same mode, and DISABLE of a disabled (or
  disabling) one, change nothing and answer the current status. ENABLE with
  another ContributorInsightsMode starts ENABLING again in that mode; the
  mode defaults to ACCESSED_AND_THROTTLED_KEYS.
- UpdateContributorInsights on a table that is CREATING, or on a GSI that is
  CREATING, answers ValidationException.
- an unknown table, an unknown index or the name of a local secondary index
  answers ResourceNotFoundException.
- DescribeContributorInsights answers TableName, IndexName (when asked) and
  ContributorInsightsStatus; ContributorInsightsRuleList while ENABLED;
  ContributorInsightsMode and LastUpdateDateTime once the status has changed.
- state is kept per moto ``Table`` (weakly, so it goes with the table or a
  reset) and per GSI; a GSI's state is forgotten once the index is gone from
  the table's description (an index DELETING keeps it) or was created anew.
  Callers hold the DynamoDB lock (``table_operations``).

AWS texts and observations followed:
- DynamoDB API reference: UpdateContributorInsights "Updates the status for
  contributor insights for a specific table or index"; IndexName "The global
  secondary index name, if applicable"; errors ResourceNotFoundException ("The
  operation tried to access a nonexistent table or index");
  ContributorInsightsStatus is one of ENABLING, ENABLED, DISABLING, DISABLED,
  FAILED; ContributorInsightsMode ACCESSED_AND_THROTTLED_KEYS or
  THROTTLED_KEYS.
- DynamoDB developer guide, Contributor Insights: the rules DynamoDB creates
  are named DynamoDBContributorInsights-PKC-<resource>-<creation timestamp>
  (most accessed partition keys), -PKT- (most throttled partition keys), and
  -SKC-/-SKT- for the sort key when there is one; only the throttled-key
  rules exist in THROTTLED_KEYS mode.
- Public probe notes against AWS (ack-api-quirks, DynamoDB sub-resources):
  ENABLE answers ENABLING and settles within seconds, DISABLE likewise via
  DISABLING; repeating a settled state is a 200 no-op; a never-configured
  table reads only TableName and DISABLED; an update while the table or index
  is CREATING is ValidationException "Table or Index is not in a valid state
  to update Key Access Insights: TableStatus (IndexStatus) must be ACTIVE to
  enable ContributorInsights."; a GSI rule name is <table>-<index>.
"""

import dataclasses
import time
import weakref
from datetime import datetime, timezone
from typing import Any

from moto.core.responses import ActionResult
from moto.dynamodb.exceptions import MockValidationException, ResourceNotFoundException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler

from emulator import lifecycle
from emulator.patching import add
from emulator.settings import RUNTIME

ENABLED, ENABLING, DISABLED, DISABLING = "ENABLED", "ENABLING", "DISABLED", "DISABLING"
DEFAULT_MODE = "ACCESSED_AND_THROTTLED_KEYS"
THROTTLED_KEYS = "THROTTLED_KEYS"
_TABLE = None  # key of the table itself among a table's targets


@dataclasses.dataclass
class _Target:
    enabled: bool
    mode: str
    until: float  # monotonic deadline of ENABLING/DISABLING
    updated: datetime
    rule_stamp: int  # milliseconds, the creation timestamp in rule names
    index: "weakref.ref[Any] | None"  # moto's GSI object the state belongs to; None for the table

    def status(self, now: float) -> str:
        if now < self.until:
            return ENABLING if self.enabled else DISABLING
        return ENABLED if self.enabled else DISABLED


_states: "weakref.WeakKeyDictionary[Table, dict[str | None, _Target]]" = weakref.WeakKeyDictionary()


def install() -> None:
    add(DynamoHandler, "update_contributor_insights", _update_contributor_insights)
    add(DynamoHandler, "describe_contributor_insights", _describe_contributor_insights)


def _update_contributor_insights(handler: DynamoHandler) -> ActionResult:
    body = handler.body
    table, index = _resolve(handler.dynamodb_backend, body["TableName"], body.get("IndexName"))
    _require_active(table, index)
    targets = _targets(table)
    now = time.monotonic()
    current = targets.get(index)
    index_object = _moto_index(table, index)
    status = current.status(now) if current else DISABLED
    enable = body["ContributorInsightsAction"] == "ENABLE"
    mode = body.get("ContributorInsightsMode") or DEFAULT_MODE
    unchanged = (current is not None and current.enabled and current.mode == mode) if enable else status in (DISABLED, DISABLING)
    if not unchanged:
        current = _Target(
            enabled=enable,
            mode=mode if enable else (current.mode if current else DEFAULT_MODE),
            until=now + RUNTIME.current().state_delay,
            updated=datetime.now(timezone.utc),
            rule_stamp=int(time.time() * 1000),
            index=weakref.ref(index_object) if index_object is not None else None,
        )
        targets[index] = current
        status = current.status(now)
    answer: dict[str, Any] = {"TableName": table.name, "ContributorInsightsStatus": status}
    if index is not None:
        answer["IndexName"] = index
    if current is not None and current.enabled:
        answer["ContributorInsightsMode"] = current.mode
    return ActionResult(answer)


def _describe_contributor_insights(handler: DynamoHandler) -> ActionResult:
    body = handler.body
    table, index = _resolve(handler.dynamodb_backend, body["TableName"], body.get("IndexName"))
    current = _targets(table).get(index)
    answer: dict[str, Any] = {"TableName": table.name}
    if index is not None:
        answer["IndexName"] = index
    if current is None:
        answer["ContributorInsightsStatus"] = DISABLED
        return ActionResult(answer)
    status = current.status(time.monotonic())
    answer["ContributorInsightsStatus"] = status
    if status == ENABLED:
        answer["ContributorInsightsRuleList"] = _rule_names(table, index, current)
    answer["ContributorInsightsMode"] = current.mode
    answer["LastUpdateDateTime"] = current.updated
    return ActionResult(answer)


def _resolve(backend: DynamoDBBackend, table_name: str, index: str | None) -> tuple[Table, str | None]:
    try:
        table = backend.get_table(table_name)
    except ResourceNotFoundException:
        raise ResourceNotFoundException(table_name=table_name.split("/")[-1]) from None
    if index is not None and index not in _indexes(table):
        raise ResourceNotFoundException(f"Requested resource not found: Index: {index} not found for table: {table.name}")
    return table, index


def _require_active(table: Table, index: str | None) -> None:
    if lifecycle.status(table) == lifecycle.CREATING:
        raise MockValidationException(_not_valid("TableStatus"))
    if index is not None and _indexes(table)[index]["IndexStatus"] == lifecycle.CREATING:
        raise MockValidationException(_not_valid("IndexStatus"))


def _not_valid(which: str) -> str:
    return f"Table or Index is not in a valid state to update Key Access Insights: {which} must be ACTIVE to enable ContributorInsights."


def _indexes(table: Table) -> dict[str, dict[str, Any]]:
    """The descriptions of the GSIs the table's description lists (DELETING ones too), by name."""
    description = table.describe()["TableDescription"]
    return {index["IndexName"]: index for index in description.get("GlobalSecondaryIndexes", [])}


def _targets(table: Table) -> dict[str | None, _Target]:
    """The table's states, without those of indexes that are gone or were deleted and created again."""
    targets = _states.setdefault(table, {})
    listed = _indexes(table)
    for name, target in list(targets.items()):
        if name is _TABLE:
            continue
        index_object = _moto_index(table, name)
        # An index moto already removed but still described as DELETING keeps its state.
        if name not in listed or (index_object is not None and target.index is not None and target.index() is not index_object):
            del targets[name]
    return targets


def _moto_index(table: Table, name: str | None) -> Any:
    return next((index for index in table.global_indexes if index.name == name), None) if name is not None else None


def _rule_names(table: Table, index: str | None, target: _Target) -> list[str]:
    schema = table.schema if index is None else _indexes(table)[index]["KeySchema"]
    has_sort_key = any(key["KeyType"] == "RANGE" for key in schema)
    kinds = ["PKT", "SKT"] if target.mode == THROTTLED_KEYS else ["PKC", "PKT", "SKC", "SKT"]
    resource = table.name if index is None else f"{table.name}-{index}"
    return [
        f"DynamoDBContributorInsights-{kind}-{resource}-{target.rule_stamp}"
        for kind in kinds
        if has_sort_key or kind.startswith("PK")
    ]
