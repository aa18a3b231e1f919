"""GetKeyPolicy and PutKeyPolicy without PolicyName, which moto refuses.

Moto answers NotFoundException "No such policy exists" unless PolicyName is
"default", so a request that leaves the optional PolicyName out fails.

Contract after ``install()``: a missing PolicyName means "default"; any other
name is still refused as moto refuses it.

AWS texts followed (KMS API reference):
- GetKeyPolicyRequest.PolicyName: "Specifies the name of the key policy. If no
  policy name is specified, the default value is default. The only valid name
  is default."
- PutKeyPolicyRequest.PolicyName: "The name of the key policy. If no policy
  name is specified, the default value is default. The only valid value is
  default."
"""

from typing import Any, Callable

from moto.kms import responses

from emulator.patching import wrap

DEFAULT_POLICY_NAME = "default"


def install() -> None:
    # Both operations check the name through this module-level function.
    wrap(responses, "_assert_default_policy", _assert_default_policy)


def _assert_default_policy(original: Callable[..., Any], policy_name: str | None) -> None:
    original(DEFAULT_POLICY_NAME if policy_name is None else policy_name)
