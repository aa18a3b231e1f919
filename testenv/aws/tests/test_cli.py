"""The command line: options, their environment variables, the ready line, clean exit on signals."""

import signal
import subprocess
import sys

import pytest
from support import PACKAGE_ROOT, start_emulator


def test_command_line_wins_over_environment():
    environment = {
        "EMULATOR_STATE_DELAY": "2",
        "EMULATOR_SSE_CHANGE_LIMIT": "7",
        "EMULATOR_SSE_CHANGE_WINDOW": "60",
        "EMULATOR_TTL_CHANGE_WINDOW": "30",
    }
    with start_emulator("--sse-change-limit", "3", "--ttl-change-window", "10", env=environment) as emulator:
        assert emulator.control("GET", "settings") == {
            "state_delay": 2.0,
            "sse_change_limit": 3,
            "sse_change_window": 60.0,
            "ttl_change_window": 10.0,
        }


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_emulator_cleanly(signum):
    with start_emulator() as emulator:
        assert emulator.url.startswith("http://127.0.0.1:")
        emulator.process.send_signal(signum)
        assert emulator.process.wait(timeout=10) == 0


def test_invalid_option_is_a_usage_error():
    completed = subprocess.run(
        [sys.executable, "-m", "emulator", "--state-delay", "-1"],
        env={"PYTHONPATH": str(PACKAGE_ROOT)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert completed.returncode == 2
    assert "--state-delay" in completed.stderr
