"""Finding a KMS key in moto's KMS backend from any of the four names AWS accepts.

Contract: ``find_key(account, region, ref)`` returns moto's ``Key`` named by
``ref`` (key id, key ARN, alias name or alias ARN) in that account and region,
or raises ``KeyLookupError`` carrying the KMS error code and message AWS KMS
would give. ARNs naming another account or region are not found. The AWS
managed alias ``alias/aws/dynamodb`` is created on first use, as AWS does.

AWS texts followed:
- DynamoDB SSESpecification.KMSMasterKeyId: "To specify a key, use its key ID,
  Amazon Resource Name (ARN), alias name, or alias ARN."
- DynamoDB developer guide, "Encryption at rest: how it works": if the AWS
  managed key (aws/dynamodb) does not exist when an encrypted table is
  created, AWS KMS creates it.
"""

from moto.kms.models import Key, kms_backends
from moto.utilities.utils import get_partition

MANAGED_DYNAMODB_ALIAS = "alias/aws/dynamodb"


class KeyLookupError(Exception):
    def __init__(self, kms_code: str, message: str):
        super().__init__(message)
        self.kms_code = kms_code
        self.message = message


def find_key(account: str, region: str, ref: str) -> Key:
    backend = kms_backends[account][region]
    if ref.startswith("arn:") and ref.split(":")[3:5] != [region, account]:
        raise _not_found(account, region, ref)
    alias_name = backend.get_alias_name(ref)
    if alias_name.startswith("alias/"):
        # Moto creates the keys behind reserved aws/ aliases on first lookup.
        key_id = backend.get_key_id_from_alias(alias_name)
        if key_id is None:
            arn = f"{_arn_prefix(account, region)}:{alias_name}"
            raise KeyLookupError("NotFoundException", f"Alias {arn} is not found.")
    else:
        key_id = backend.get_key_id(ref)
    key = backend.keys.get(key_id)
    if key is None:
        raise _not_found(account, region, ref)
    return key


def _not_found(account: str, region: str, ref: str) -> KeyLookupError:
    arn = ref if ref.startswith("arn:") else f"{_arn_prefix(account, region)}:key/{ref}"
    return KeyLookupError("NotFoundException", f"Key '{arn}' does not exist")


def _arn_prefix(account: str, region: str) -> str:
    return f"arn:{get_partition(region)}:kms:{region}:{account}"
