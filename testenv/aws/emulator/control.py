"""The control endpoint under ``/_emulator/``: JSON in, JSON out.

Routes (all answer JSON; bad input is 400 ``{"error": ...}``, an unknown
route 404):

- ``GET  /_emulator/health`` -> ``{"status": "ok"}`` (for readiness probes).
- ``GET  /_emulator/settings`` -> the runtime settings
  ``{"state_delay", "sse_change_limit", "sse_change_window",
  "ttl_change_window"}``;
  ``POST /_emulator/settings`` with any subset of them -> the new settings.
- ``GET  /_emulator/faults`` -> ``{"faults": [fault...]}``;
  ``POST /_emulator/faults`` with a fault spec -> the stored fault (201), see
  ``faults.Fault``; ``DELETE /_emulator/faults`` clears all;
  ``DELETE /_emulator/faults/<id>`` removes one.
- ``GET  /_emulator/requests[?match=<pattern>]`` -> ``{"requests": [...],
  "counts": {"service:Operation": n}}``, see ``request_log``;
  ``DELETE /_emulator/requests`` clears the log and the counts.
- ``POST /_emulator/reset`` -> clears faults and the log, restores the start-up
  settings and resets moto's state (and, in signature mode, moto's count of
  unauthenticated requests).
"""

import dataclasses
import json
from typing import Any, Callable, Iterable

from werkzeug.wrappers import Request, Response

from emulator.faults import FaultInjector
from emulator.request_log import RequestLog
from emulator.settings import RUNTIME

PREFIX = "/_emulator"


class ControlApp:
    def __init__(self, faults: FaultInjector, log: RequestLog, reset_moto: Callable[[], None]):
        self._faults = faults
        self._log = log
        self._reset_moto = reset_moto

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        try:
            status, payload = self._route(request)
        except ValueError as error:
            status, payload = 400, {"error": str(error)}
        response = Response(json.dumps(payload), status=status, mimetype="application/json")
        return response(environ, start_response)

    def _route(self, request: Request) -> tuple[int, Any]:
        path = request.path.removeprefix(PREFIX).rstrip("/")
        method = request.method
        if path == "/health" and method == "GET":
            return 200, {"status": "ok"}
        if path == "/settings" and method == "GET":
            return 200, dataclasses.asdict(RUNTIME.current())
        if path == "/settings" and method == "POST":
            return 200, dataclasses.asdict(RUNTIME.update(**_json_object(request)))
        if path == "/faults" and method == "GET":
            return 200, {"faults": self._faults.list()}
        if path == "/faults" and method == "POST":
            return 201, self._faults.add(_json_object(request)).to_json()
        if path == "/faults" and method == "DELETE":
            self._faults.clear()
            return 200, {"faults": []}
        if path.startswith("/faults/") and method == "DELETE":
            fault_id = path.removeprefix("/faults/")
            if not self._faults.remove(fault_id):
                return 404, {"error": f"no fault {fault_id}"}
            return 200, {"removed": fault_id}
        if path == "/requests" and method == "GET":
            return 200, self._log.snapshot(request.args.get("match", "*"))
        if path == "/requests" and method == "DELETE":
            self._log.clear()
            return 200, {"requests": [], "counts": {}}
        if path == "/reset" and method == "POST":
            self._faults.clear()
            self._log.clear()
            settings = RUNTIME.restore()
            self._reset_moto()
            return 200, {"reset": True, "settings": dataclasses.asdict(settings)}
        return 404, {"error": f"no route {method} {request.path}"}


def _json_object(request: Request) -> dict[str, Any]:
    try:
        document = json.loads(request.get_data() or b"{}")
    except ValueError as error:
        raise ValueError(f"body is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise ValueError("body must be a JSON object")
    return document

