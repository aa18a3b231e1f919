"""Settings that tests may change while the emulator runs.

Contract: ``RUNTIME`` is the one shared instance. ``current()`` returns an
immutable snapshot, so a caller reads every value of one decision from the same
snapshot. ``update()`` validates and applies a partial change atomically;
``restore()`` goes back to the values given at start-up. Thread-safe.

A change applies to operations that start after it: a table already
``UPDATING`` keeps the deadline computed when its update began.
"""

import dataclasses
import threading


@dataclasses.dataclass(frozen=True)
class Settings:
    # Seconds a table, index or encryption change stays CREATING, UPDATING or
    # DELETING before it completes; 0 completes at once.
    state_delay: float = 0.5
    # Encryption changes allowed per table within sse_change_window seconds.
    sse_change_limit: int = 4
    sse_change_window: float = 24 * 3600.0
    # Seconds after a TimeToLive change during which another UpdateTimeToLive
    # of the same table is refused; 0 allows changes back to back.
    ttl_change_window: float = 3600.0

    def __post_init__(self) -> None:
        if self.state_delay < 0:
            raise ValueError("state_delay must be >= 0 seconds")
        if self.sse_change_limit < 0:
            raise ValueError("sse_change_limit must be >= 0")
        if self.sse_change_window <= 0:
            raise ValueError("sse_change_window must be > 0 seconds")
        if self.ttl_change_window < 0:
            raise ValueError("ttl_change_window must be >= 0 seconds")


FIELDS = tuple(field.name for field in dataclasses.fields(Settings))


class RuntimeSettings:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._initial = Settings()
        self._current = self._initial

    def configure(self, initial: Settings) -> None:
        """Sets the start-up values, which ``restore()`` returns to."""
        with self._lock:
            self._initial = initial
            self._current = initial

    def current(self) -> Settings:
        with self._lock:
            return self._current

    def update(self, **changes: object) -> Settings:
        """Applies the named changes; raises ValueError on an unknown name or bad value."""
        unknown = sorted(set(changes) - set(FIELDS))
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        typed = {name: _coerce(name, value) for name, value in changes.items()}
        with self._lock:
            self._current = dataclasses.replace(self._current, **typed)
            return self._current

    def restore(self) -> Settings:
        with self._lock:
            self._current = self._initial
            return self._current


def _coerce(name: str, value: object) -> float | int:
    """Converts a JSON or command-line value to the field's type, refusing booleans."""
    kind = int if name == "sse_change_limit" else float
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        converted = kind(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if kind is int and converted != float(value):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    return converted


RUNTIME = RuntimeSettings()
