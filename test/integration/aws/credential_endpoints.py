#!/usr/bin/env python3
"""Loopback stand-ins for the EC2 instance metadata service (IMDSv2) and the
container credentials endpoint (ECS / EKS Pod Identity), for
credential_endpoints_test.cc.

Why a stand-in: AWS's metadata services only exist inside EC2, ECS and EKS, and
no emulator of the test world (moto) serves them over HTTP the way the SDKs
reach them. This server follows the documented HTTP contract of both services
(paths, headers, status codes, JSON fields), so the C++ providers are exercised
over a real socket with the real transport; the unit tests cover the rest with
scripted answers.

Standard library only. Usage:

    credential_endpoints.py --container-token TOKEN

It binds 127.0.0.1 on a free port, prints "PORT <n>" on stdout, and serves
until its stdin closes (the test ends or dies) or --lifetime seconds pass.

IMDSv2:
    PUT /latest/api/token              needs X-aws-ec2-metadata-token-ttl-seconds
                                       (1..21600); answers a session token
    GET /latest/meta-data/iam/security-credentials/        the role name
    GET /latest/meta-data/iam/security-credentials/<role>  the credentials
    (GETs need X-aws-ec2-metadata-token with a live token: 401 otherwise,
    as an instance that requires IMDSv2 answers)
Container:
    GET /v1/credentials                needs Authorization: <container token>
Control (for the test):
    POST /control/container-token      body: the new expected token
    POST /control/fail?status=S&count=N   the next N requests answer S
    POST /control/stall?seconds=T&count=N the next N requests wait T s first
    GET  /control/requests             JSON list of {method, path, headers}
    POST /control/reset                clears faults and the request log
"""

import argparse
import datetime
import json
import os
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ROLE = "tablekeeper-node-role"
ROLES_PATH = "/latest/meta-data/iam/security-credentials/"


class State:
    def __init__(self, container_token):
        self.lock = threading.Lock()
        self.container_token = container_token
        self.tokens = {}  # IMDS session token -> expiry (monotonic)
        self.fail = []  # statuses to answer next
        self.stall = []  # seconds to wait next
        self.requests = []


def iso(delta_seconds):
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta_seconds)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # keep the test output quiet
            pass

        def answer(self, status, body=b"", content_type="text/plain"):
            if isinstance(body, str):
                body = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def answer_json(self, status, document):
            self.answer(status, json.dumps(document), "application/json")

        def body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def handle_any(self):
            url = urlsplit(self.path)
            body = self.body()
            if url.path.startswith("/control/"):
                return self.control(url, body)
            with state.lock:
                state.requests.append({
                    "method": self.command,
                    "path": url.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                })
                stall = state.stall.pop(0) if state.stall else 0
                fail = state.fail.pop(0) if state.fail else None
            if stall:
                time.sleep(stall)
            if fail is not None:
                return self.answer(fail, "injected failure")
            if url.path == "/latest/api/token":
                return self.imds_token()
            if url.path.startswith(ROLES_PATH):
                return self.imds_credentials(url.path[len(ROLES_PATH):])
            if url.path == "/v1/credentials":
                return self.container()
            return self.answer(404, "not found")

        def imds_token(self):
            if self.command != "PUT":
                return self.answer(405, "method not allowed")
            ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
            if ttl is None or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
                return self.answer(400, "bad ttl")
            token = secrets.token_urlsafe(32)
            with state.lock:
                state.tokens[token] = time.monotonic() + int(ttl)
            return self.answer(200, token)

        def imds_credentials(self, role):
            if self.command != "GET":
                return self.answer(405, "method not allowed")
            token = self.headers.get("X-aws-ec2-metadata-token")
            with state.lock:
                live = token is not None and state.tokens.get(token, 0) > time.monotonic()
            if not live:
                return self.answer(401, "")
            if role == "":
                return self.answer(200, ROLE)
            if role != ROLE:
                return self.answer(404, "not found")
            return self.answer_json(200, {
                "Code": "Success",
                "LastUpdated": iso(0),
                "Type": "AWS-HMAC",
                "AccessKeyId": "ASIAIMDSINTEGRATION",
                "SecretAccessKey": "imds-integration-secret",
                "Token": "imds-integration-session-token",
                "Expiration": iso(6 * 3600),
            })

        def container(self):
            with state.lock:
                expected = state.container_token
            if self.headers.get("Authorization") != expected:
                return self.answer_json(401, {"code": "AccessDeniedException",
                                              "message": "invalid authorization token"})
            return self.answer_json(200, {
                "AccessKeyId": "ASIACONTAINERINTEGRATION",
                "SecretAccessKey": "container-integration-secret",
                "Token": "container-integration-session-token",
                "AccountId": "111122223333",
                "Expiration": iso(3600),
            })

        def control(self, url, body):
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            count = int(query.get("count", "1"))
            with state.lock:
                if url.path == "/control/container-token":
                    state.container_token = body.decode()
                elif url.path == "/control/fail":
                    state.fail.extend([int(query["status"])] * count)
                elif url.path == "/control/stall":
                    state.stall.extend([float(query["seconds"])] * count)
                elif url.path == "/control/requests":
                    return self.answer_json(200, state.requests)
                elif url.path == "/control/reset":
                    state.fail.clear()
                    state.stall.clear()
                    state.requests.clear()
                else:
                    return self.answer(404, "unknown control")
            return self.answer(204)

        do_GET = handle_any
        do_PUT = handle_any
        do_POST = handle_any

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (the time-out tests) leaves a broken pipe.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--container-token", required=True)
    parser.add_argument("--lifetime", type=float, default=600)
    args = parser.parse_args()

    server = Server(("127.0.0.1", 0), make_handler(State(args.container_token)))
    print(f"PORT {server.server_address[1]}", flush=True)

    def stop_when_stdin_closes():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
