"""Short keyed codes printed on documents (share and training certificates): an HMAC over
what the document certifies, so a forged or altered one does not verify."""

from __future__ import annotations

import base64
import hashlib
import hmac

MAC_LENGTH = 16


def mac_text(secret: bytes, message: str, length: int = MAC_LENGTH) -> str:
    """The first `length` characters of the base32 HMAC-SHA256 of `message` (A-Z, 2-7)."""
    digest = hmac.new(secret, message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:length]


def mac_matches(secret: bytes, message: str, mac: str) -> bool:
    """Constant-time check of a printed MAC."""
    return hmac.compare_digest(mac_text(secret, message, len(mac) or MAC_LENGTH), mac)
