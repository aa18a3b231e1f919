"""The one way the emulator changes moto: wrapping a method, never copying it.

Contract:
- ``wrap(owner, name, replacement)`` replaces ``owner.name`` with a function
  that calls ``replacement(original, *args, **kwargs)``, where ``original`` is
  the method (or module function) moto defined. It fails at start-up with
  AttributeError if moto no longer has that name, so a moto upgrade that moves
  a patched method is noticed at once rather than silently unpatched.
- ``add(owner, name, function)`` gives ``owner`` a method moto does not have
  (an operation moto answers with NotImplementedError). It fails at start-up
  with AttributeError if moto has gained that name, so a moto upgrade that
  implements the operation is reviewed instead of silently shadowed.
"""

import functools
from typing import Any, Callable


def wrap(owner: Any, name: str, replacement: Callable[..., Any]) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return replacement(original, *args, **kwargs)

    setattr(owner, name, wrapper)


def add(owner: type, name: str, function: Callable[..., Any]) -> None:
    if hasattr(owner, name):
        raise AttributeError(f"{owner.__name__}.{name} exists: moto implements it now; review the emulator's own version")
    setattr(owner, name, function)
