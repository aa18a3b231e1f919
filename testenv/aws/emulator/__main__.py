"""``python -m emulator``: run the emulator until SIGTERM or SIGINT.

Contract: prints exactly one line to stdout, ``emulator ready on
http://HOST:PORT`` (the actual port when ``--port 0``), once the socket
accepts requests; on SIGTERM or SIGINT stops serving, closes the socket and
exits with status 0. Options: see ``emulator.options``.
"""

import os
import signal
import sys
import threading

from emulator import options, server


def main() -> int:
    parsed = options.parse(sys.argv[1:], os.environ)
    httpd = server.start(parsed)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    serving = threading.Thread(target=httpd.serve_forever, name="emulator-http")
    serving.start()
    host, port = httpd.server_address[:2]
    print(f"emulator ready on http://{host}:{port}", flush=True)
    stop.wait()
    httpd.shutdown()
    serving.join()
    httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
