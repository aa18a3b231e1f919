"""Asynchronous table and index states, which moto skips (it makes everything ACTIVE at once).

Contract:
- ``mark_creating``, ``mark_updating`` and ``mark_deleting`` start a transition
  that lasts ``settings.state_delay`` seconds from the call; with a delay of 0
  the transition is already over.
- ``status(table)`` and ``render(table, description)`` compute the state from
  the monotonic clock when asked, so the answer depends only on elapsed time.
- A table in DELETING stays in moto's backend, visible, until
  ``finish_due_deletions(backend)`` (called before every DynamoDB request)
  removes it through moto's own ``delete_table``.
- An index removed by UpdateTable is gone from moto at once; until its deadline
  ``render`` still lists the description it had, with IndexStatus DELETING.
- State is kept per moto ``Table`` object, weakly, so it disappears with the
  table (deletion or ``/moto-api/reset``). Callers serialise access (one lock
  around DynamoDB requests, see ``table_operations``).

AWS texts followed (DynamoDB API reference):
- CreateTable: "DynamoDB immediately returns a response with a TableStatus of
  CREATING. After the table is created, DynamoDB sets the TableStatus to ACTIVE."
- UpdateTable: "while it's executing, the table status changes from ACTIVE to
  UPDATING. While it's UPDATING, you can't issue another UpdateTable request."
- DeleteTable: "the specified table is in the DELETING state until DynamoDB
  completes the deletion. [...] If a table is in CREATING or UPDATING states,
  then DynamoDB returns a ResourceInUseException. [...] If table is already in
  the DELETING state, no error is returned."
- GlobalSecondaryIndexDescription.IndexStatus: "CREATING - The index is being
  created. [...] DELETING - The index is being deleted. ACTIVE - The index is
  ready for use."
"""

import dataclasses
import time
import weakref
from typing import Any, Iterable

from moto.dynamodb.exceptions import ResourceInUseException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

from emulator.settings import RUNTIME

ACTIVE = "ACTIVE"
CREATING = "CREATING"
UPDATING = "UPDATING"
DELETING = "DELETING"

_VERB = {CREATING: "created", UPDATING: "updated", DELETING: "deleted"}


@dataclasses.dataclass
class _Transition:
    status: str
    until: float  # time.monotonic() deadline

    def running(self, now: float) -> bool:
        return self.status == DELETING or now < self.until


@dataclasses.dataclass
class _TableState:
    table: _Transition | None = None
    indexes: dict[str, _Transition] = dataclasses.field(default_factory=dict)
    # Descriptions of indexes moto already removed, shown as DELETING until due.
    removed_indexes: dict[str, tuple[dict[str, Any], float]] = dataclasses.field(default_factory=dict)


_states: "weakref.WeakKeyDictionary[Table, _TableState]" = weakref.WeakKeyDictionary()


def status(table: Table) -> str:
    state = _states.get(table)
    if state is None or state.table is None or not state.table.running(time.monotonic()):
        return ACTIVE
    return state.table.status


def require_active(table: Table) -> None:
    """Raises ResourceInUseException unless the table is ACTIVE (UpdateTable's rule)."""
    current = status(table)
    if current != ACTIVE:
        raise ResourceInUseException(
            f"Attempt to change a resource which is still in use: Table is being {_VERB[current]}: {table.name}"
        )


def mark_creating(table: Table) -> None:
    deadline = _deadline()
    state = _states.setdefault(table, _TableState())
    state.table = _Transition(CREATING, deadline)
    for index in table.global_indexes:
        state.indexes[index.name] = _Transition(CREATING, deadline)


def mark_updating(table: Table, created_indexes: Iterable[str], removed_indexes: Iterable[dict[str, Any]]) -> None:
    """Starts UPDATING; ``removed_indexes`` are the descriptions of indexes moto just deleted."""
    deadline = _deadline()
    state = _states.setdefault(table, _TableState())
    state.table = _Transition(UPDATING, deadline)
    for name in created_indexes:
        state.indexes[name] = _Transition(CREATING, deadline)
    for description in removed_indexes:
        state.removed_indexes[description["IndexName"]] = (description, deadline)


def mark_deleting(backend: DynamoDBBackend, table: Table) -> None:
    """Keeps a table moto has just deleted visible as DELETING, unless the delay is 0."""
    deadline = _deadline()
    if deadline <= time.monotonic():
        return
    backend.tables[table.name] = table
    _states.setdefault(table, _TableState()).table = _Transition(DELETING, deadline)


def finish_due_deletions(backend: DynamoDBBackend) -> None:
    now = time.monotonic()
    for table in list(backend.tables.values()):
        state = _states.get(table)
        if state and state.table and state.table.status == DELETING and now >= state.table.until:
            backend.delete_table(table.name)


def render(table: Table, description: dict[str, Any]) -> None:
    """Writes TableStatus and each IndexStatus into a moto table description."""
    description["TableStatus"] = status(table)
    state = _states.get(table)
    if state is None:
        return
    now = time.monotonic()
    for index in description.get("GlobalSecondaryIndexes", []):
        transition = state.indexes.get(index["IndexName"])
        if transition and transition.running(now):
            index["IndexStatus"] = transition.status
    for name, (removed, until) in list(state.removed_indexes.items()):
        if now < until:
            description.setdefault("GlobalSecondaryIndexes", []).append(dict(removed, IndexStatus=DELETING))
        else:
            del state.removed_indexes[name]


def _deadline() -> float:
    return time.monotonic() + RUNTIME.current().state_delay
