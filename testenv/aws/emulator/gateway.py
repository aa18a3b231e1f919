"""The emulator's WSGI entry point: control endpoint, fault injection, request log, then moto.

Contract for each request:
- paths under ``/_emulator/`` go to the control application;
- paths under ``/moto-api`` go straight to moto, unlogged;
- every other request is an AWS call: it is identified, offered to the fault
  injector, logged once with the status it got (500 when moto raised), and,
  unless a fault answered for it, passed to moto. A dropped-connection fault shuts the client socket
  down and raises ConnectionAbortedError, which werkzeug's server treats as a
  connection the client dropped, so no response is written.
"""

import socket
import time
from typing import Any, Callable, Iterable, NoReturn

from emulator import protocol
from emulator.faults import Fault, FaultInjector
from emulator.request_log import RequestLog

CONTROL_PREFIX = "/_emulator/"
MOTO_API_PREFIX = "/moto-api"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Gateway:
    def __init__(self, moto_app: WsgiApp, control_app: WsgiApp, faults: FaultInjector, log: RequestLog):
        self._moto = moto_app
        self._control = control_app
        self._faults = faults
        self._log = log

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX):
            return self._control(environ, start_response)
        if path.startswith(MOTO_API_PREFIX):
            return self._moto(environ, start_response)
        return self._aws_call(environ, start_response)

    def _aws_call(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.time()
        call = protocol.identify(environ, protocol.read_body(environ))
        fault = self._faults.draw(call.name)
        fault_id = fault.id if fault else None
        if fault and fault.latency_ms:
            time.sleep(fault.latency_ms / 1000)
        if fault and fault.drop:
            self._log.record(call, started, None, fault_id)
            _drop_connection(environ)
        if fault and fault.error:
            return self._answer_error(call, fault, started, start_response)

        def logging_start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            self._log.record(call, started, int(status.split()[0]), fault_id)
            return start_response(status, headers, exc_info)

        try:
            return self._moto(environ, logging_start_response)
        except Exception:
            # Werkzeug's server turns the exception into a 500 answer, past our start_response.
            self._log.record(call, started, 500, fault_id)
            raise

    def _answer_error(
        self, call: protocol.AwsCall, fault: Fault, started: float, start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        status, headers, body = protocol.error_response(call, fault.error, fault.status, fault.message)
        self._log.record(call, started, fault.status, fault.id)
        start_response(status, headers)
        return [body]


def _drop_connection(environ: dict[str, Any]) -> NoReturn:
    connection = environ["werkzeug.socket"]
    connection.shutdown(socket.SHUT_RDWR)
    raise ConnectionAbortedError("connection dropped by an injected fault")
