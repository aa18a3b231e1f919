"""KMS operations refused in key states that do not allow them, and CancelKeyDeletion's answer.

Moto performs key-management operations in any key state: EnableKey or
DisableKey brings a key out of PendingDeletion (with its deletion date still
set), ScheduleKeyDeletion reschedules a key already pending deletion,
CancelKeyDeletion disables a key that was never scheduled, and tags,
descriptions, rotation and aliases change on a key pending deletion. Its
CancelKeyDeletion answers the KeyId it was given.

Contract after ``install()`` (each refusal changes nothing):
- on a key in PendingDeletion, EnableKey, DisableKey, ScheduleKeyDeletion,
  UpdateKeyDescription, TagResource, UntagResource, EnableKeyRotation,
  DisableKeyRotation, and CreateAlias or UpdateAlias targeting it answer
  KMSInvalidStateException "<key ARN> is pending deletion.";
- CancelKeyDeletion on a key not in PendingDeletion answers
  KMSInvalidStateException "<key ARN> is not pending deletion.";
- EnableKeyRotation and DisableKeyRotation on a Disabled key answer
  DisabledException "<key ARN> is disabled.";
- CancelKeyDeletion answers KeyId as the key ARN; the key is then Disabled
  (moto's own behaviour).
- DescribeKey works in every state (moto's own behaviour).

AWS texts followed:
- KMS developer guide, "Key states of AWS KMS keys": the table of which
  operations succeed in each key state, with the errors "KMSInvalidStateException:
  <key ARN> is pending deletion.", "KMSInvalidStateException: <key ARN> is not
  pending deletion." (CancelKeyDeletion) and "DisabledException: <key ARN> is
  disabled." (key rotation on a disabled key); DescribeKey succeeds in every
  state.
- KMSInvalidStateException (API reference): "The request was rejected because
  the state of the specified resource is not valid for this request."
- CancelKeyDeletion (API reference): "When this operation succeeds, the key
  state of the KMS key is Disabled." CancelKeyDeletionResponse.KeyId: "The
  Amazon Resource Name (key ARN) of the KMS key whose deletion is canceled."
"""

import json
from typing import Any, Callable

from moto.core.exceptions import JsonRESTError
from moto.kms.models import KmsBackend
from moto.kms.responses import KmsResponse

from emulator.patching import wrap

PENDING_DELETION = "PendingDeletion"
DISABLED = "Disabled"

# Backend methods whose first argument names the key, refused while it is pending deletion.
_REFUSED_PENDING_DELETION = (
    "enable_key",
    "disable_key",
    "schedule_key_deletion",
    "update_key_description",
    "tag_resource",
    "untag_resource",
    "enable_key_rotation",
    "disable_key_rotation",
    "create_alias",
    "update_alias",
)
_REFUSED_DISABLED = ("enable_key_rotation", "disable_key_rotation")


def install() -> None:
    for name in _REFUSED_PENDING_DELETION:
        wrap(KmsBackend, name, _checking_state(name))
    wrap(KmsBackend, "cancel_key_deletion", _cancel_key_deletion)
    wrap(KmsResponse, "cancel_key_deletion", _cancel_key_deletion_response)


def _checking_state(name: str) -> Callable[..., Any]:
    def checked(original: Callable[..., Any], backend: KmsBackend, key_id: str, *args: Any, **kwargs: Any) -> Any:
        key = backend.keys.get(backend.get_key_id(key_id))
        if key is not None:
            if key.key_state == PENDING_DELETION:
                raise JsonRESTError("KMSInvalidStateException", f"{key.arn} is pending deletion.")
            if key.key_state == DISABLED and name in _REFUSED_DISABLED:
                raise JsonRESTError("DisabledException", f"{key.arn} is disabled.")
        return original(backend, key_id, *args, **kwargs)

    return checked


def _cancel_key_deletion(original: Callable[..., Any], backend: KmsBackend, key_id: str) -> None:
    key = backend.keys.get(backend.get_key_id(key_id))
    if key is not None and key.key_state != PENDING_DELETION:
        raise JsonRESTError("KMSInvalidStateException", f"{key.arn} is not pending deletion.")
    original(backend, key_id)


def _cancel_key_deletion_response(original: Callable[..., Any], response: KmsResponse) -> str:
    answer = json.loads(original(response))
    answer["KeyId"] = response.kms_backend.describe_key(answer["KeyId"]).arn
    return json.dumps(answer)
