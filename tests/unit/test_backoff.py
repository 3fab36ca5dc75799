"""The client's retry timing: exponential back-off with full jitter, never shorter than
the hub's Retry-After; Retry-After read as seconds or as an HTTP-date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from clinicdesk.errors import ConfigurationError
from clinicdesk.federation.address import check_hub_url
from clinicdesk.federation.client import BACKOFF_CAP_S, backoff_delay, parse_retry_after


def test_ceiling_doubles_from_half_a_second_up_to_the_cap() -> None:
    ceilings = [backoff_delay(attempt, None, lambda: 1.0) for attempt in range(1, 10)]
    assert ceilings == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert backoff_delay(500, None, lambda: 1.0) == BACKOFF_CAP_S


def test_full_jitter_draws_between_zero_and_the_ceiling() -> None:
    assert backoff_delay(4, None, lambda: 0.0) == 0.0
    assert backoff_delay(4, None, lambda: 0.25) == 1.0
    assert backoff_delay(4, None, lambda: 0.999) == pytest.approx(3.996)


def test_retry_after_is_a_floor_not_a_ceiling() -> None:
    assert backoff_delay(1, 2.0, lambda: 0.5) == 2.0
    assert backoff_delay(7, 2.0, lambda: 0.5) == 15.0  # the jitter is longer
    assert backoff_delay(1, 120.0, lambda: 1.0) == 120.0  # the hub's wish beats the cap
    assert backoff_delay(3, 0.0, lambda: 0.5) == 1.0


def test_attempts_count_from_one() -> None:
    with pytest.raises(ValueError):
        backoff_delay(0, None, lambda: 0.5)


NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("2", 2.0),
        (" 120 ", 120.0),
        ("Sun, 01 Mar 2026 12:00:30 GMT", 30.0),
        ("Sun, 01 Mar 2026 11:00:00 GMT", 0.0),  # in the past: at once
        ("soon", None),
        ("-5", None),
        ("1.5", None),
    ],
)
def test_retry_after_header(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://127.8.9.10/",
        "http://localhost:1234",
        "http://[::1]:8080",
        "https://hub.example.org",
        "https://hub.example.org/federation/",
    ],
)
def test_accepted_hub_addresses(url: str) -> None:
    assert check_hub_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://hub.example.org",
        "http://10.0.0.5:8765",
        "http://[2001:db8::1]/",
        "ftp://hub.example.org",
        "hub.example.org",
        "https://user:secret@hub.example.org",
        "https://",
    ],
)
def test_refused_hub_addresses(url: str) -> None:
    with pytest.raises(ConfigurationError):
        check_hub_url(url)


def test_plain_http_to_another_computer_says_to_use_https() -> None:
    with pytest.raises(ConfigurationError, match="not encrypted") as caught:
        check_hub_url("http://hub.example.org")
    assert "https://" in str(caught.value)
