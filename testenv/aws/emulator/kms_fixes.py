"""KMS key-state operations as AWS documents them.

Moto's backend looks keys up by raw key id in DisableKey, EnableKey,
CancelKeyDeletion and ScheduleKeyDeletion, so a key ARN fails with an
internal error; ScheduleKeyDeletion ignores a waiting period outside 7..30
days (it answers without scheduling anything) and echoes the KeyId it was
given; and the keys moto creates for reserved ``alias/aws/...`` aliases say
KeyManager CUSTOMER.

Contract after ``install()``:
- those four operations accept a key id or a key ARN;
- ScheduleKeyDeletion with PendingWindowInDays outside 7..30 answers
  ValidationException (HTTP 400) and changes nothing;
- ScheduleKeyDeletion answers KeyId as the key ARN, with KeyState and
  PendingWindowInDays;
- keys behind reserved aliases (``alias/aws/dynamodb``...) have KeyManager AWS.

AWS texts followed (KMS API reference):
- DisableKey/EnableKey/CancelKeyDeletion/ScheduleKeyDeletion KeyId: "Specify
  the key ID or key ARN of the KMS key."
- ScheduleKeyDeletion PendingWindowInDays: "If you include a value, it must be
  between 7 and 30, inclusive. If you do not include a value, it defaults to
  30." The model's type allows 1..365; KMS rejects the rest with
  "ValidationException: PendingWindowInDays must be between 7 and 30", HTTP
  400 (quoted in Skyscanner/kms-issuer#8; the range gap is explained in
  awsdocs/aws-cloudformation-user-guide#326).
- ScheduleKeyDeletionResponse.KeyId: "The Amazon Resource Name (key ARN) of the
  KMS key whose deletion is scheduled."
- KeyMetadata.KeyManager: "KMS keys in your Amazon Web Services account are
  either customer managed or Amazon Web Services managed."
"""

import json
from typing import Any, Callable

from moto.kms.exceptions import ValidationException
from moto.kms.models import KmsBackend
from moto.kms.responses import KmsResponse

from emulator.patching import wrap

MIN_PENDING_WINDOW_DAYS = 7
MAX_PENDING_WINDOW_DAYS = 30
DEFAULT_PENDING_WINDOW_DAYS = 30


def install() -> None:
    for name in ("disable_key", "enable_key", "cancel_key_deletion"):
        wrap(KmsBackend, name, _by_key_id)
    wrap(KmsBackend, "schedule_key_deletion", _schedule_key_deletion)
    wrap(KmsResponse, "schedule_key_deletion", _schedule_key_deletion_response)
    wrap(KmsBackend, "_generate_default_keys", _generate_default_keys)


def _by_key_id(original: Callable[..., Any], backend: KmsBackend, key_id: str, *args: Any) -> Any:
    return original(backend, backend.get_key_id(key_id), *args)


def _schedule_key_deletion(original: Callable[..., Any], backend: KmsBackend, key_id: str, pending_window_in_days: int) -> float:
    if not MIN_PENDING_WINDOW_DAYS <= pending_window_in_days <= MAX_PENDING_WINDOW_DAYS:
        raise ValidationException(
            f"PendingWindowInDays must be between {MIN_PENDING_WINDOW_DAYS} and {MAX_PENDING_WINDOW_DAYS}"
        )
    return original(backend, backend.get_key_id(key_id), pending_window_in_days)


def _schedule_key_deletion_response(original: Callable[..., Any], response: KmsResponse) -> str:
    answer = json.loads(original(response))
    key = response.kms_backend.describe_key(answer["KeyId"])
    window = response._get_param("PendingWindowInDays", DEFAULT_PENDING_WINDOW_DAYS)
    answer.update(KeyId=key.arn, KeyState=key.key_state, PendingWindowInDays=window)
    return json.dumps(answer)


def _generate_default_keys(original: Callable[..., Any], backend: KmsBackend, alias_name: str) -> str | None:
    key_id = original(backend, alias_name)
    if key_id is not None:
        backend.keys[key_id].key_manager = "AWS"
    return key_id
