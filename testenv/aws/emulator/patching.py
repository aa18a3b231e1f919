"""The one way the emulator changes moto: wrapping a method, never copying it.

Contract: ``wrap(owner, name, replacement)`` replaces ``owner.name`` with a
function that calls ``replacement(original, *args, **kwargs)``, where
``original`` is the method moto defined. It fails at start-up with
AttributeError if moto no longer has that method, so a moto upgrade that moves
a patched method is noticed at once rather than silently unpatched.
"""

import functools
from typing import Any, Callable


def wrap(owner: type, name: str, replacement: Callable[..., Any]) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return replacement(original, *args, **kwargs)

    setattr(owner, name, wrapper)
