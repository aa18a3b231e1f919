"""Limit and Marker paging of KMS ListKeys, ListAliases and ListResourceTags, which moto ignores.

Moto answers every item in one page with Truncated false, whatever Limit asks.

Contract after ``install()``: each of the three operations returns at most
Limit items (the operation's default when Limit is absent), sorted by key id,
alias name or tag key. When items remain, the answer has Truncated true and a
NextMarker to pass as Marker, which continues after the last item returned
(items added or removed between pages do not make a marker invalid); the last
page has Truncated false and no NextMarker. A Limit outside the operation's
range answers ValidationException, a Marker this emulator did not issue
InvalidMarkerException. ListAliases keeps moto's KeyId filter.

AWS texts followed (KMS API reference):
- Limit: "When this value is present, KMS does not return more than the
  specified number of items, but it might return fewer." ListKeys: "between 1
  and 1000, inclusive. If you do not include a value, it defaults to 100."
  ListAliases: "between 1 and 100, inclusive. [...] defaults to 50."
  ListResourceTags: "between 1 and 50, inclusive. [...] defaults to 50."
- Truncated: "A flag that indicates whether there are more items in the list.
  When this value is true, the list in this response is truncated. To get more
  items, pass the value of the NextMarker element in this response to the
  Marker parameter in a subsequent request." NextMarker: "When Truncated is
  true, this element is present".
- ListResourceTags Marker: "Do not attempt to construct this value."
  InvalidMarkerException: "The request was rejected because the marker that
  specifies where pagination should next begin is not valid."
- Out-of-range values fail AWS's input validation: "1 validation error
  detected: Value '<n>' at 'limit' failed to satisfy constraint: Member must
  have value less than or equal to <max>" (or "greater than or equal to 1").
"""

import base64
import binascii
import dataclasses
import json
from typing import Any, Callable

from moto.core.exceptions import JsonRESTError
from moto.kms.exceptions import ValidationException
from moto.kms.responses import KmsResponse

from emulator.patching import wrap

_MARKER_PREFIX = "emulator:"


@dataclasses.dataclass(frozen=True)
class _Listing:
    operation: str  # KmsResponse method
    items: str  # member holding the list
    identity: str  # member that orders and identifies an item
    default_limit: int
    max_limit: int


_LISTINGS = (
    _Listing("list_keys", "Keys", "KeyId", 100, 1000),
    _Listing("list_aliases", "Aliases", "AliasName", 50, 100),
    _Listing("list_resource_tags", "Tags", "TagKey", 50, 50),
)


def install() -> None:
    for listing in _LISTINGS:
        wrap(KmsResponse, listing.operation, _paged(listing))


def _paged(listing: _Listing) -> Callable[..., str]:
    def paged(original: Callable[..., str], response: KmsResponse) -> str:
        limit = _limit(response._get_param("Limit"), listing)
        after = _decode_marker(response._get_param("Marker"))
        answer = json.loads(original(response))
        items = sorted(answer.get(listing.items, []), key=lambda item: item[listing.identity])
        if after is not None:
            items = [item for item in items if item[listing.identity] > after]
        answer[listing.items] = items[:limit]
        answer["Truncated"] = len(items) > limit
        answer.pop("NextMarker", None)
        if answer["Truncated"]:
            answer["NextMarker"] = _encode_marker(items[limit - 1][listing.identity])
        return json.dumps(answer)

    return paged


def _limit(value: Any, listing: _Listing) -> int:
    if value is None:
        return listing.default_limit
    if not isinstance(value, int) or isinstance(value, bool):
        # A JSON value of the wrong type fails deserialization, before validation.
        raise JsonRESTError("SerializationException", f"Limit must be a number, got {value!r}")
    if value < 1:
        raise ValidationException(
            f"1 validation error detected: Value '{value}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
        )
    if value > listing.max_limit:
        raise ValidationException(
            f"1 validation error detected: Value '{value}' at 'limit' failed to satisfy constraint: "
            f"Member must have value less than or equal to {listing.max_limit}"
        )
    return value


def _encode_marker(identity: str) -> str:
    return base64.urlsafe_b64encode((_MARKER_PREFIX + identity).encode()).decode()


def _decode_marker(marker: str | None) -> str | None:
    if marker is None:
        return None
    try:
        text = base64.urlsafe_b64decode(marker.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    if not text.startswith(_MARKER_PREFIX):
        raise JsonRESTError(
            "InvalidMarkerException",
            "The request was rejected because the marker that specifies where pagination should next begin is not valid.",
        )
    return text.removeprefix(_MARKER_PREFIX)
