"""pcso/captured.py: the phone's time of capture read from a POST, checked, and the phone's clock
error told in words."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import RequestFactory

from pcso import captured

NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


def _request(value=None, **headers):
    data = {} if value is None else {"captured_at": value}
    return RequestFactory().post("/", data, headers=headers)


def test_a_time_sent_at_once_is_used_and_its_difference_is_the_phones_clock_error():
    got = captured.read(_request("2026-12-07T13:53:00+00:00", X_Outbox="send"), now=NOW)
    assert got == captured.Captured(
        at=datetime(2026, 12, 7, 13, 53, tzinfo=UTC),
        received=NOW,
        skew=timedelta(minutes=-7),
        from_phone=True,
    )


def test_a_local_time_with_its_offset_is_the_same_instant():
    got = captured.read(_request("2026-12-07T14:30:00+01:00", X_Outbox="replay"), now=NOW)
    assert (got.at, got.skew, got.from_phone) == (datetime(2026, 12, 7, 13, 30, tzinfo=UTC), None, True)


def test_a_replay_knows_the_phones_clock_only_from_its_time_of_sending():
    request = _request(
        "2026-12-07T11:00:00+00:00", X_Outbox="replay", X_Outbox_Sent_At="2026-12-07T14:06:00+00:00"
    )
    got = captured.read(request, now=NOW)
    assert (got.at, got.skew) == (datetime(2026, 12, 7, 11, 0, tzinfo=UTC), timedelta(minutes=6))


def test_a_form_opened_again_knows_the_phones_clock_from_its_time_of_sending():
    """An item that needed attention, opened again and sent at once, keeps its old captured
    time: the time it waited is not the phone's clock."""
    request = _request(
        "2026-12-07T13:20:00+00:00", X_Outbox="send", X_Outbox_Sent_At="2026-12-07T13:59:30+00:00"
    )
    got = captured.read(request, now=NOW)
    assert (got.at, got.skew) == (datetime(2026, 12, 7, 13, 20, tzinfo=UTC), timedelta(seconds=-30))


def test_a_little_ahead_counts_as_received():
    got = captured.read(_request("2026-12-07T14:01:00+00:00", X_Outbox="send"), now=NOW)
    assert (got.at, got.skew, got.problem) == (NOW, timedelta(minutes=1), "")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2026-12-07T14:03:00+00:00", "future"),
        ("2026-11-30T13:59:00+00:00", "too early"),
        ("2026-12-07T13:00:00", "unreadable"),
        ("07/12/2026 13:00", "unreadable"),
        ("", "unreadable"),
    ],
)
def test_an_unusable_time_gives_the_received_time(value, problem):
    got = captured.read(_request(value, X_Outbox="replay"), now=NOW)
    assert (got.at, got.received, got.from_phone, got.problem) == (NOW, NOW, False, problem)


def test_a_time_before_the_records_own_start_gives_the_received_time():
    request = _request("2026-12-07T13:00:00+00:00", X_Outbox="replay")
    got = captured.read(request, earliest=datetime(2026, 12, 7, 13, 30, tzinfo=UTC), now=NOW)
    assert (got.at, got.problem) == (NOW, "too early")


def test_no_time_sent_is_a_record_made_on_the_server():
    assert captured.read(_request(), now=NOW) == captured.Captured(at=NOW, received=NOW)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, ""),
        (-300, ""),
        (299, ""),
        (-420, "Phone clock 7 minutes behind the server"),
        (540, "Phone clock 9 minutes ahead of the server"),
        (-3 * 3600 - 5, "Phone clock 3 hours behind the server"),
        (3 * 86400, "Phone clock 3 days ahead of the server"),
    ],
)
def test_the_clock_error_in_words(seconds, words):
    assert captured.describe_skew(seconds) == words


def test_the_larger_clock_error_is_kept():
    at = captured.Captured(at=NOW, received=NOW, skew=timedelta(seconds=-30))
    assert [captured.wider(None, at), captured.wider(-400, at), captured.wider(10, at)] == [-30, -400, -30]
    assert captured.wider(12, captured.at_server(NOW)) == 12
