"""Authentication errors in the shape JSON-protocol services answer them (signature mode).

Moto raises its signature, unknown-key and access-denied errors as XML query
protocol errors with HTTP 403 for every service; SDKs of JSON-protocol
services (DynamoDB, KMS) then cannot read the error code.

Contract after ``install()``: for a request with an X-Amz-Target header (the
JSON protocols), these errors answer HTTP 400 with a JSON body
``{"__type": "com.amazon.coral.service#<Code>", "message": ...}``:
SignatureDoesNotMatch -> InvalidSignatureException, InvalidClientTokenId ->
UnrecognizedClientException, AccessDenied -> AccessDeniedException. Query
protocol services (STS, IAM) keep moto's XML errors, which are their shape.

AWS behaviour followed: DynamoDB answers a bad signature with HTTP 400 and
"com.amazon.coral.service#InvalidSignatureException" ("The request signature we
calculated does not match the signature you provided...", DynamoDB Applied
Design Patterns, ch. 6 "Error handling"); an unknown access key with HTTP 400
UnrecognizedClientException, "The security token included in the request is
invalid."; a denied action with AccessDeniedException (DynamoDB API reference,
common errors).
"""

from typing import Any, Callable

from moto.core.exceptions import AccessDeniedError, InvalidClientTokenIdError, JsonRESTError, SignatureDoesNotMatchError
from moto.core.responses import BaseResponse

from emulator.patching import wrap

_JSON_CODES = {
    "SignatureDoesNotMatch": "InvalidSignatureException",
    "InvalidClientTokenId": "UnrecognizedClientException",
    "AccessDenied": "AccessDeniedException",
}
_TYPE_PREFIX = "com.amazon.coral.service#"


class JsonAuthError(JsonRESTError):
    code = 400


def install() -> None:
    wrap(BaseResponse, "_authenticate_and_authorize_normal_action", _authenticate)


def _authenticate(original: Callable[..., Any], response: BaseResponse, *args: Any, **kwargs: Any) -> None:
    try:
        original(response, *args, **kwargs)
    except (SignatureDoesNotMatchError, InvalidClientTokenIdError, AccessDeniedError) as error:
        if not response.headers.get("X-Amz-Target"):
            raise
        raise JsonAuthError(_TYPE_PREFIX + _JSON_CODES[error.error_type], error.message) from None
