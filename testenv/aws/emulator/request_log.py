"""The log of AWS calls the emulator answered, and call counts per operation.

Contract: ``RequestLog.record(...)`` appends one entry per AWS call (control
and ``/moto-api`` requests are not AWS calls). ``snapshot(pattern)`` returns
the entries and the counts per ``service:Operation`` whose name matches the
fnmatch ``pattern``. Counts cover every call since the last ``clear()``; the
entry list keeps the newest ``MAX_ENTRIES``. Thread-safe.

An entry: ``{"seq", "time" (Unix seconds at arrival), "call"
("service:Operation"), "service", "operation", "status"
(HTTP status, null when the connection was dropped), "fault" (the injected
fault's id or null), "fields" (top-level members of a JSON request, e.g. which
fields an UpdateTable carried; null for other protocols)}``.
"""

import collections
import fnmatch
import itertools
import threading
from typing import Any

from emulator.protocol import AwsCall

MAX_ENTRIES = 10_000


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: collections.deque[dict[str, Any]] = collections.deque(maxlen=MAX_ENTRIES)
        self._counts: collections.Counter[str] = collections.Counter()
        self._seq = itertools.count(1)

    def record(self, call: AwsCall, started: float, status: int | None, fault_id: str | None) -> None:
        with self._lock:
            self._entries.append(
                {
                    "seq": next(self._seq),
                    "time": started,
                    "call": call.name,
                    "service": call.service,
                    "operation": call.operation,
                    "status": status,
                    "fault": fault_id,
                    "fields": list(call.fields) if call.fields is not None else None,
                }
            )
            self._counts[call.name] += 1

    def snapshot(self, pattern: str = "*") -> dict[str, Any]:
        with self._lock:
            entries = [entry for entry in self._entries if fnmatch.fnmatchcase(entry["call"], pattern)]
            counts = {name: count for name, count in sorted(self._counts.items()) if fnmatch.fnmatchcase(name, pattern)}
        return {"requests": entries, "counts": counts}

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._counts.clear()

