"""Password hashing (scrypt from the standard library) and the password policy."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

_DKLEN = 32
_MAXMEM = 64 * 1024 * 1024

MIN_LENGTH = 8
MAX_LENGTH = 256


@dataclass(frozen=True)
class ScryptCost:
    """scrypt's work factor: `n` (CPU and memory, a power of two), `r` (block size) and
    `p` (parallelism). The cost is written into every hash, so a hash made at one cost
    is verified at that cost whatever the program is configured with later."""

    n: int
    r: int = 8
    p: int = 1


# OWASP's scrypt guidance: N=2^17, r=8, p=1 uses 128 MiB; N=2^15 keeps sign-in under
# ~100 ms on an office PC while staying far beyond brute force for real passwords.
# What every database opened by the program uses (`app.open_database`); only the test
# suite configures a lower one.
STRONG_COST = ScryptCost(n=2**15)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, cost: ScryptCost) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=cost.n,
        r=cost.r,
        p=cost.p,
        dklen=_DKLEN,
        maxmem=_MAXMEM,
    )
    return f"scrypt${cost.n}${cost.r}${cost.p}${_b64(salt)}${_b64(digest)}"


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


def dummy_hash(cost: ScryptCost) -> str:
    """A well-formed hash at `cost` that no password matches (an all-zero digest), checked
    when the user name is unknown so that a wrong name takes as long as a wrong password
    (no timing oracle for which names exist)."""
    salt, digest = _b64(bytes(16)), _b64(bytes(_DKLEN))
    return f"scrypt${cost.n}${cost.r}${cost.p}${salt}${digest}"


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
