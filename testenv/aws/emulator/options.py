"""Command-line options, each with an environment-variable default.

Contract: ``parse(argv, environ)`` returns ``Options``; a command-line option
wins over its environment variable, which wins over the built-in default.
Invalid values exit with argparse's usage error (status 2).

| option                   | environment variable          | default   |
|--------------------------|-------------------------------|-----------|
| --host                   | EMULATOR_HOST                 | 127.0.0.1 |
| --port (0 = any free)    | EMULATOR_PORT                 | 0         |
| --verify-signatures N    | EMULATOR_VERIFY_SIGNATURES    | off       |
| --state-delay SECONDS    | EMULATOR_STATE_DELAY          | 0.5       |
| --sse-change-limit N     | EMULATOR_SSE_CHANGE_LIMIT     | 4         |
| --sse-change-window SECS | EMULATOR_SSE_CHANGE_WINDOW    | 86400     |
| --ttl-change-window SECS | EMULATOR_TTL_CHANGE_WINDOW    | 3600      |
| --access-log             | EMULATOR_ACCESS_LOG=1         | off       |
"""

import argparse
import dataclasses
from typing import Mapping, Sequence

from emulator.settings import Settings


@dataclasses.dataclass(frozen=True)
class Options:
    host: str
    port: int
    verify_signatures: int | None  # None: moto never checks signatures
    access_log: bool
    settings: Settings


def parse(argv: Sequence[str], environ: Mapping[str, str]) -> Options:
    defaults = Settings()
    parser = argparse.ArgumentParser(prog="python -m emulator", description="moto, made faithful to AWS, for tablekeeper's tests")
    parser.add_argument("--host", default=environ.get("EMULATOR_HOST", "127.0.0.1"), help="address to listen on")
    parser.add_argument("--port", type=int, default=environ.get("EMULATOR_PORT", "0"), help="port to listen on; 0 picks a free one")
    parser.add_argument(
        "--verify-signatures",
        metavar="N",
        type=_non_negative_int,
        default=environ.get("EMULATOR_VERIFY_SIGNATURES"),
        help="let the first N requests through unsigned, then verify SigV4 signatures against moto's IAM users",
    )
    parser.add_argument(
        "--state-delay",
        metavar="SECONDS",
        type=_non_negative_float,
        default=environ.get("EMULATOR_STATE_DELAY", str(defaults.state_delay)),
        help="how long tables and indexes stay CREATING/UPDATING/DELETING; 0 = immediate",
    )
    parser.add_argument(
        "--sse-change-limit",
        metavar="N",
        type=_non_negative_int,
        default=environ.get("EMULATOR_SSE_CHANGE_LIMIT", str(defaults.sse_change_limit)),
        help="encryption changes allowed per table within the window",
    )
    parser.add_argument(
        "--sse-change-window",
        metavar="SECONDS",
        type=_positive_float,
        default=environ.get("EMULATOR_SSE_CHANGE_WINDOW", str(defaults.sse_change_window)),
        help="the window of the encryption change limit",
    )
    parser.add_argument(
        "--ttl-change-window",
        metavar="SECONDS",
        type=_non_negative_float,
        default=environ.get("EMULATOR_TTL_CHANGE_WINDOW", str(defaults.ttl_change_window)),
        help="after a TimeToLive change, how long further UpdateTimeToLive calls on the table are refused; 0 = never",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        default=environ.get("EMULATOR_ACCESS_LOG") == "1",
        help="log every HTTP request to stderr",
    )
    args = parser.parse_args(argv)
    return Options(
        host=args.host,
        port=args.port,
        verify_signatures=args.verify_signatures,
        access_log=args.access_log,
        settings=Settings(
            state_delay=args.state_delay,
            sse_change_limit=args.sse_change_limit,
            sse_change_window=args.sse_change_window,
            ttl_change_window=args.ttl_change_window,
        ),
    )


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0: {text}")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0: {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0: {text}")
    return value
