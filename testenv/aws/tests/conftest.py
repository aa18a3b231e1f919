"""Fixtures.

- ``emulator`` (session): one emulator started with a short state delay,
  shared by the tests that do not need their own command line.
- ``aws`` (function): that emulator, reset (moto state, faults, log,
  settings) before the test.
"""

from typing import Iterator

import pytest
from support import TEST_STATE_DELAY, Emulator, start_emulator


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    with start_emulator("--state-delay", TEST_STATE_DELAY) as running:
        yield running


@pytest.fixture
def aws(emulator: Emulator) -> Emulator:
    emulator.reset()
    return emulator
