"""Password hashing and the password policy (domain/passwords)."""

from __future__ import annotations

import pytest

from clinicdesk.domain import passwords

# A cheap work factor for the round trips; one test keeps the strong one.
FAST = passwords.ScryptCost(n=2**10)


def test_the_strong_cost_is_owasps_interactive_one() -> None:
    assert passwords.ScryptCost(n=2**15, r=8, p=1) == passwords.STRONG_COST


def test_round_trip_with_the_strong_work_factor() -> None:
    stored = passwords.hash_password("correct horse battery", passwords.STRONG_COST)
    assert stored.startswith(f"scrypt${2**15}$8$1$")
    assert passwords.verify_password("correct horse battery", stored)
    assert not passwords.verify_password("correct horse batterY", stored)


@pytest.mark.parametrize("password", ["simple-pass-1", "Ünïcødé ∂ 密码 🔑", " spaced out "])
def test_round_trip(password: str) -> None:
    stored = passwords.hash_password(password, FAST)
    assert passwords.verify_password(password, stored)


def test_wrong_password_is_refused() -> None:
    stored = passwords.hash_password("the-right-one", FAST)
    for wrong in ["the-right-on", "the-right-one ", "THE-RIGHT-ONE", ""]:
        assert not passwords.verify_password(wrong, stored), wrong


def test_same_password_gets_a_fresh_salt_each_time() -> None:
    first = passwords.hash_password("same-password", FAST)
    second = passwords.hash_password("same-password", FAST)
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert passwords.verify_password("same-password", first)
    assert passwords.verify_password("same-password", second)


def _tampered_digest(stored: str) -> str:
    head, digest = stored.rsplit("$", 1)
    flipped = ("B" if digest[0] == "A" else "A") + digest[1:]
    return f"{head}${flipped}"


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "garbage",
        "scrypt$1024$8$1$c2FsdA==",  # a part missing
        "scrypt$1024$8$1$c2FsdA==$ZGlnZXN0$extra",  # a part too many
        "bcrypt$1024$8$1$c2FsdA==$ZGlnZXN0",  # another scheme
        "scrypt$many$8$1$c2FsdA==$ZGlnZXN0",  # not a number
        "scrypt$1000$8$1$c2FsdA==$ZGlnZXN0",  # n not a power of two
        "scrypt$0$8$1$c2FsdA==$ZGlnZXN0",
        "scrypt$-1024$8$1$c2FsdA==$ZGlnZXN0",
        "scrypt$1024$0$1$c2FsdA==$ZGlnZXN0",
        "scrypt$1073741824$8$1$c2FsdA==$ZGlnZXN0",  # beyond the memory limit
        "scrypt$1024$8$1$c2FsdA==$ZGlnZXN",  # bad base64 padding
        "scrypt$1024$8$1$c2FsdA==$",  # empty digest must never match
        "scrypt$1024$8$1$c2FsdA==$Zé==",  # not ASCII
    ],
)
def test_malformed_stored_hash_is_refused_not_raised(stored: str) -> None:
    assert passwords.verify_password("whatever-password", stored) is False
    assert passwords.verify_password("", stored) is False


def test_a_tampered_digest_is_refused() -> None:
    stored = passwords.hash_password("tamper-proof", FAST)
    assert not passwords.verify_password("tamper-proof", _tampered_digest(stored))


@pytest.mark.parametrize("cost", [passwords.STRONG_COST, FAST], ids=["strong", "fast"])
def test_the_dummy_hash_is_well_formed_and_matches_nothing_usual(
    cost: passwords.ScryptCost,
) -> None:
    dummy = passwords.dummy_hash(cost)
    scheme, n, r, p, _salt, _digest = dummy.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(cost.n), str(cost.r), str(cost.p))
    assert not passwords.verify_password("", dummy)
    assert not passwords.verify_password("admin-password-1", dummy)


def test_a_hash_keeps_its_own_cost() -> None:
    """A password stored at one cost is checked at that cost, whatever the program is
    configured with now."""
    stored = passwords.hash_password("cost-travels-along", FAST)
    assert stored.startswith(f"scrypt${2**10}$8$1$")
    assert passwords.verify_password("cost-travels-along", stored)


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("", "at least 8 characters"),
        ("abc12", "at least 8 characters"),
        ("x" * 7, "at least 8 characters"),
        ("ab" * 129, "at most 256 characters"),
        (" leading-space", "must not start or end with a space"),
        ("trailing-space ", "must not start or end with a space"),
        ("\tsneaky-tab", "must not start or end with a space"),
        ("aaaaaaaa", "too easy to guess"),
        ("abababababab", "too easy to guess"),
    ],
)
def test_policy_messages(password: str, fragment: str) -> None:
    problem = passwords.password_problem(password)
    assert problem is not None
    assert fragment in problem


@pytest.mark.parametrize("password", ["abcdefgh", "abcabcab", "x" * 250 + "yz", "pass word 1"])
def test_policy_accepts_reasonable_passwords(password: str) -> None:
    assert passwords.password_problem(password) is None


def test_policy_limits_are_the_documented_ones() -> None:
    assert passwords.password_problem("abc" + "d" * (passwords.MIN_LENGTH - 3)) is None
    assert passwords.password_problem("abc" + "d" * (passwords.MIN_LENGTH - 4)) is not None
    assert passwords.password_problem("abc" + "d" * (passwords.MAX_LENGTH - 3)) is None
    assert passwords.password_problem("abc" + "d" * (passwords.MAX_LENGTH - 2)) is not None
