"""Faults injected into AWS calls: errors, added latency, dropped connections.

Contract:
- ``FaultInjector.add(spec)`` validates a JSON fault spec (see ``Fault.from_spec``)
  and returns the stored fault; bad specs raise ValueError.
- ``FaultInjector.draw(call_name)`` is asked once per AWS call, with
  ``service:Operation``. Faults are tried in the order they were added; the
  first whose pattern matches and whose probability roll succeeds fires and is
  returned (``None`` if none fires). A fault with a count fires that many times
  and is then removed. Thread-safe.

A fault may combine latency with an error or a drop; latency alone delays the
call, which then proceeds normally.
"""

import dataclasses
import fnmatch
import itertools
import random
import threading
from typing import Any

_SPEC_FIELDS = {"match", "error", "status", "message", "latency_ms", "drop", "count", "probability", "seed"}


@dataclasses.dataclass
class Fault:
    id: str
    match: str  # fnmatch pattern over "service:Operation", e.g. "dynamodb:DescribeTable", "kms:*", "*"
    error: str | None  # AWS error code to answer with
    status: int  # HTTP status of that error
    message: str
    latency_ms: int
    drop: bool  # close the connection without answering
    remaining: int | None  # times left to fire; None = until removed
    probability: float
    rng: random.Random = dataclasses.field(repr=False)

    @classmethod
    def from_spec(cls, fault_id: str, spec: dict[str, Any]) -> "Fault":
        if not isinstance(spec, dict):
            raise ValueError("a fault is a JSON object")
        unknown = sorted(set(spec) - _SPEC_FIELDS)
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(unknown)}; known: {', '.join(sorted(_SPEC_FIELDS))}")
        fault = cls(
            id=fault_id,
            match=_typed(spec, "match", str, "*"),
            error=_typed(spec, "error", str, None),
            status=_typed(spec, "status", int, 400),
            message=_typed(spec, "message", str, "Injected by the emulator"),
            latency_ms=_typed(spec, "latency_ms", int, 0),
            drop=_typed(spec, "drop", bool, False),
            remaining=_typed(spec, "count", int, None),
            probability=float(_typed(spec, "probability", (int, float), 1.0)),
            rng=random.Random(_typed(spec, "seed", int, None)),
        )
        if not (fault.error or fault.drop or fault.latency_ms):
            raise ValueError("a fault needs at least one of error, drop, latency_ms")
        if fault.error and fault.drop:
            raise ValueError("a fault either answers an error or drops the connection, not both")
        if not 400 <= fault.status <= 599:
            raise ValueError("status must be an HTTP error status (400..599)")
        if fault.latency_ms < 0 or (fault.remaining is not None and fault.remaining < 1):
            raise ValueError("latency_ms must be >= 0 and count >= 1")
        if not 0.0 <= fault.probability <= 1.0:
            raise ValueError("probability must be within 0..1")
        return fault

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "match": self.match,
            "error": self.error,
            "status": self.status,
            "message": self.message,
            "latency_ms": self.latency_ms,
            "drop": self.drop,
            "remaining": self.remaining,
            "probability": self.probability,
        }


class FaultInjector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)

    def add(self, spec: dict[str, Any]) -> Fault:
        with self._lock:
            fault = Fault.from_spec(f"f{next(self._ids)}", spec)
            self._faults.append(fault)
            return fault

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.to_json() for fault in self._faults]

    def remove(self, fault_id: str) -> bool:
        with self._lock:
            kept = [fault for fault in self._faults if fault.id != fault_id]
            removed = len(kept) != len(self._faults)
            self._faults = kept
            return removed

    def clear(self) -> None:
        with self._lock:
            self._faults = []

    def draw(self, call_name: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fnmatch.fnmatchcase(call_name, fault.match) and fault.rng.random() < fault.probability:
                    if fault.remaining is not None:
                        fault.remaining -= 1
                        if fault.remaining == 0:
                            self._faults.remove(fault)
                    return fault
            return None


def _typed(spec: dict[str, Any], name: str, kind: type | tuple[type, ...], default: Any) -> Any:
    value = spec.get(name, default)
    if value is default:
        return value
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ValueError(f"fault field {name} has the wrong type: {value!r}")
    return value
