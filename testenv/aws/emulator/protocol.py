"""What an AWS request is, and how its service spells an error.

Contract:
- ``read_body(environ)`` reads the whole request body and puts an equivalent
  stream back, so moto still reads it.
- ``identify(environ, body)`` names the call: service (the SigV4 credential
  scope's service, else the X-Amz-Target prefix), operation (X-Amz-Target's
  suffix for the JSON protocols, the ``Action`` parameter for the query
  protocol), and for a JSON body its top-level field names.
- ``error_response(call, code, status, message)`` renders an error the way
  the service's protocol does, so SDKs parse the code: awsJson1_0 (DynamoDB,
  ``__type`` "com.amazonaws.dynamodb.v20120810#Code"), awsJson1_1 (KMS,
  ``__type`` "Code"), and the query protocol (STS, IAM: an XML ErrorResponse).
"""

import dataclasses
import io
import json
import re
import uuid
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/[^/]+/([^/]+)/aws4_request")
_TARGET_SERVICES = {"DynamoDB_20120810": "dynamodb", "DynamoDBStreams_20120810": "dynamodbstreams", "TrentService": "kms"}
_JSON_TYPE_PREFIXES = {"dynamodb": "com.amazonaws.dynamodb.v20120810#"}
_QUERY_NAMESPACES = {
    "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
    "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
}
JSON_PROTOCOL = "json"
QUERY_PROTOCOL = "query"


@dataclasses.dataclass(frozen=True)
class AwsCall:
    service: str | None
    operation: str | None
    protocol: str | None
    content_type: str
    fields: tuple[str, ...] | None  # top-level members of a JSON request

    @property
    def name(self) -> str:
        """``service:Operation``, the name faults and the request log match on."""
        return f"{self.service or 'unknown'}:{self.operation or 'unknown'}"


def read_body(environ: dict[str, Any]) -> bytes:
    stream = environ["wsgi.input"]
    length = environ.get("CONTENT_LENGTH")
    if length:
        body = stream.read(int(length))
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def identify(environ: dict[str, Any], body: bytes) -> AwsCall:
    content_type = environ.get("CONTENT_TYPE", "")
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    scope = _CREDENTIAL_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    service = scope.group(1).lower() if scope else None
    if target:
        prefix, _, operation = target.partition(".")
        return AwsCall(service or _TARGET_SERVICES.get(prefix), operation, JSON_PROTOCOL, content_type, _json_fields(body))
    params = parse_qs(environ.get("QUERY_STRING", ""))
    if content_type.startswith("application/x-www-form-urlencoded"):
        params.update(parse_qs(body.decode("utf-8", "replace")))
    action = params.get("Action", [None])[0]
    return AwsCall(service, action, QUERY_PROTOCOL if action else None, content_type, None)


def error_response(call: AwsCall, code: str, status: int, message: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """Returns (WSGI status line, headers, body) for an error of the call's service."""
    request_id = str(uuid.uuid4())
    if call.protocol == QUERY_PROTOCOL:
        namespace = _QUERY_NAMESPACES.get(call.service or "")
        xmlns = f' xmlns="{namespace}"' if namespace else ""
        fault = "Sender" if status < 500 else "Receiver"
        body = (
            f"<ErrorResponse{xmlns}><Error><Type>{fault}</Type><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        ).encode()
        content_type = "text/xml"
    else:
        error_type = _JSON_TYPE_PREFIXES.get(call.service or "", "") + code
        body = json.dumps({"__type": error_type, "message": message}).encode()
        content_type = call.content_type if call.content_type.startswith("application/x-amz-json") else "application/x-amz-json-1.1"
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", request_id),
    ]
    return f"{status} {_reason(status)}", headers, body


def _json_fields(body: bytes) -> tuple[str, ...] | None:
    try:
        document = json.loads(body or b"{}")
    except ValueError:
        return None
    return tuple(document) if isinstance(document, dict) else None


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
