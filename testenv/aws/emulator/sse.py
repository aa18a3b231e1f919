"""Server-side encryption of tables as DynamoDB reports and limits it.

Contract:
- ``canonical_spec(account, region, spec)`` validates a request's
  SSESpecification and returns the form moto stores: ``None`` for the AWS
  owned key, else ``{"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId":
  <key ARN>}``. The key must exist and be Enabled; it may be named by key id,
  key ARN, alias name or alias ARN. Without a key, the AWS managed key
  ``alias/aws/dynamodb`` is used. Errors are DynamoDB ValidationExceptions.
- ``check_change_quota(table)`` raises LimitExceededException when the table
  already had ``sse_change_limit`` encryption changes within
  ``sse_change_window`` seconds; ``apply_change(table, spec)`` stores a change
  made by UpdateTable, counts it and shows it as UPDATING for the state delay.
- ``render(table, description)`` sets SSEDescription.Status.

Moto stores the key id it was given and reports it verbatim as
KMSMasterKeyArn; storing the ARN makes moto's own DescribeTable output right.

AWS texts followed (DynamoDB API reference unless noted):
- SSEDescription.KMSMasterKeyArn: "The KMS key ARN used for the KMS encryption."
- SSEDescription.Status: "ENABLED - Server-side encryption is enabled.
  UPDATING - Server-side encryption is being updated."
- SSESpecification.Enabled: "If enabled (true), server-side encryption type is
  set to KMS and an Amazon Web Services managed key is used [...]. If disabled
  (false) or not specified, server-side encryption is set to Amazon Web
  Services owned key."
- SSESpecification.KMSMasterKeyId: "To specify a key, use its key ID, Amazon
  Resource Name (ARN), alias name, or alias ARN. Note that you should only
  provide this parameter if the key is different from the default DynamoDB key
  alias/aws/dynamodb."
- SSESpecification.SSEType: "The only supported value is: KMS". DynamoDB's
  messages for the two malformed cases are quoted in
  awsdocs/aws-cloudformation-user-guide#1228 ("SSEType KMS is required if
  KMSMasterKeyId is specified") and hashicorp/terraform-provider-aws#5666
  ("One or more parameter values were invalid: SSEType AES256 is not supported").
- Error for a key DynamoDB cannot use: DynamoDB answers HTTP 400 with a message
  starting "KMS validation error:" and quoting KMS's NotFoundException (seen in
  aws-solutions/generative-ai-application-builder-on-aws#29). The error code is
  not shown there; ValidationException is the code DynamoDB uses for invalid
  request parameters, so the emulator uses it.
- Quota (DynamoDB developer guide, "Service, account, and table quotas",
  encryption at rest): you can switch between the AWS owned key, the AWS
  managed key and a customer managed key up to four times per 24-hour window
  per table; past it UpdateTable answers LimitExceededException (as ACK met
  in aws-controllers-k8s/community#2136). Not emulated: the extra change AWS
  allows after six hours without one.
"""

import collections
import dataclasses
import time
import weakref
from typing import Any

from moto.dynamodb.exceptions import ERROR_TYPE_PREFIX, DynamodbException, MockValidationException
from moto.dynamodb.models.table import Table

from emulator import kms_keys
from emulator.settings import RUNTIME

ENABLED = "ENABLED"
UPDATING = "UPDATING"


class LimitExceededException(DynamodbException):
    def __init__(self, message: str):
        super().__init__(ERROR_TYPE_PREFIX + "LimitExceededException", message)


@dataclasses.dataclass
class _SseState:
    changes: collections.deque = dataclasses.field(default_factory=collections.deque)  # monotonic times
    updating_until: float = 0.0


_states: "weakref.WeakKeyDictionary[Table, _SseState]" = weakref.WeakKeyDictionary()


def canonical_spec(account: str, region: str, spec: dict[str, Any] | None) -> dict[str, Any] | None:
    if not spec:
        return None
    sse_type = spec.get("SSEType")
    key_ref = spec.get("KMSMasterKeyId")
    if sse_type is not None and sse_type != "KMS":
        raise MockValidationException(f"One or more parameter values were invalid: SSEType {sse_type} is not supported")
    if key_ref and sse_type is None:
        raise MockValidationException("One or more parameter values were invalid: SSEType KMS is required if KMSMasterKeyId is specified")
    if not spec.get("Enabled", sse_type == "KMS"):
        return None
    return {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": _usable_key_arn(account, region, key_ref)}


def check_change_quota(table: Table) -> None:
    settings = RUNTIME.current()
    changes = _states.setdefault(table, _SseState()).changes
    horizon = time.monotonic() - settings.sse_change_window
    while changes and changes[0] <= horizon:
        changes.popleft()
    if len(changes) >= settings.sse_change_limit:
        raise LimitExceededException(
            f"Subscriber limit exceeded: encryption settings of table {table.name} were already changed "
            f"{len(changes)} times within {settings.sse_change_window:g} seconds"
        )


def apply_change(table: Table, spec: dict[str, Any] | None) -> None:
    now = time.monotonic()
    state = _states.setdefault(table, _SseState())
    state.changes.append(now)
    state.updating_until = now + RUNTIME.current().state_delay
    table.sse_specification = spec


def render(table: Table, description: dict[str, Any]) -> None:
    sse_description = description.get("SSEDescription")
    state = _states.get(table)
    if sse_description and state and time.monotonic() < state.updating_until:
        sse_description["Status"] = UPDATING


def _usable_key_arn(account: str, region: str, key_ref: str | None) -> str:
    try:
        key = kms_keys.find_key(account, region, key_ref or kms_keys.MANAGED_DYNAMODB_ALIAS)
    except kms_keys.KeyLookupError as error:
        raise MockValidationException(f"KMS validation error: {error.kms_code}: {error.message}") from None
    if key.key_state != "Enabled":
        kms_code, state_text = _UNUSABLE_STATES.get(key.key_state, ("KMSInvalidStateException", key.key_state))
        raise MockValidationException(f"KMS validation error: {kms_code}: {key.arn} is {state_text}.")
    return key.arn


# The KMS error, and its wording of the state, for a key that is not Enabled.
_UNUSABLE_STATES = {
    "Disabled": ("DisabledException", "disabled"),
    "PendingDeletion": ("KMSInvalidStateException", "pending deletion"),
}
