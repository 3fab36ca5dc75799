"""Password hashing (scrypt from the standard library) and the password policy."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# OWASP's scrypt guidance: N=2^17, r=8, p=1 uses 128 MiB; N=2^15 keeps sign-in under
# ~100 ms on an office PC while staying far beyond brute force for real passwords.
_N = 2**15
_R = 8
_P = 1
_DKLEN = 32
_MAXMEM = 64 * 1024 * 1024

MIN_LENGTH = 8
MAX_LENGTH = 256


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, n: int = _N) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=_R, p=_P, dklen=_DKLEN, maxmem=_MAXMEM
    )
    return f"scrypt${n}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt,
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=_MAXMEM,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


# A hash of a random password, checked when the user name is unknown so that a wrong
# name takes as long as a wrong password (no timing oracle for which names exist).
def dummy_hash() -> str:
    return _DUMMY_HASH


_DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + _b64(b"\0" * 32)


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"The password must be at least {MIN_LENGTH} characters long."
    if len(password) > MAX_LENGTH:
        return f"The password must be at most {MAX_LENGTH} characters long."
    if password.strip() != password:
        return "The password must not start or end with a space."
    if len(set(password)) < 3:
        return "The password is too easy to guess: use a few different characters."
    return None
