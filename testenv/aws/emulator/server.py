"""Assembling the emulator: moto's patched backends behind the gateway, on werkzeug's threaded server.

Contract: ``start(options)`` applies the patches (once per process), binds
the listening socket and returns the server without serving yet; requests
that arrive before ``serve_forever()`` wait in the socket's backlog, so the
emulator accepts requests as soon as ``start`` returns. It is moto's own
server-mode application (``DomainDispatcherApplication``, the one
``moto_server`` and ``ThreadedMotoServer`` run), so every service moto
implements is served; the patches concern DynamoDB and KMS.
"""

import logging

from moto import settings as moto_settings
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.test import Client

from emulator import (
    auth_errors,
    contributor_insights,
    deletion_protection,
    kms_fixes,
    kms_key_policy,
    kms_key_states,
    kms_pagination,
    resource_policy,
    table_operations,
    tags,
    time_to_live,
)
from emulator.control import ControlApp
from emulator.faults import FaultInjector
from emulator.gateway import Gateway
from emulator.options import Options
from emulator.request_log import RequestLog
from emulator.settings import RUNTIME


def start(options: Options) -> BaseWSGIServer:
    table_operations.install()
    tags.install()
    time_to_live.install()
    contributor_insights.install()
    deletion_protection.install()
    resource_policy.install()
    kms_key_states.install()  # before kms_fixes, whose checks of the request come first
    kms_fixes.install()
    kms_pagination.install()
    kms_key_policy.install()
    auth_errors.install()
    RUNTIME.configure(options.settings)
    if options.verify_signatures is not None:
        # Read by moto at each request (moto/core/authorization.py).
        moto_settings.INITIAL_NO_AUTH_ACTION_COUNT = float(options.verify_signatures)
    logging.getLogger("werkzeug").setLevel(logging.INFO if options.access_log else logging.WARNING)

    moto_app = DomainDispatcherApplication(create_backend_app)
    faults = FaultInjector()
    log = RequestLog()
    control = ControlApp(faults, log, reset_moto=lambda: _reset_moto(moto_app, options.verify_signatures))
    gateway = Gateway(moto_app, control, faults, log)
    return make_server(options.host, options.port, gateway, threaded=True, request_handler=MotoRequestHandler)


def _reset_moto(moto_app: DomainDispatcherApplication, verify_signatures: int | None) -> None:
    """Resets moto through its own API: all backends, and the unauthenticated-request count."""
    client = Client(moto_app)
    client.post("/moto-api/reset")
    if verify_signatures is not None:
        client.post("/moto-api/reset-auth", data=str(verify_signatures))
