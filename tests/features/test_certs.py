"""`certs`, `cert`, `ce` and `calendar`: their arguments, parsed without Slack."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.catalog import Catalog
from bot.features.certs import CeLog, CertAdd, CertRemove
from tests.features.helpers import args_of, problem


def test_certs_asks_about_a_code_as_typed(catalog: Catalog) -> None:
    assert args_of("certs", catalog) is None
    assert args_of("certs ccm", catalog) == "ccm"
    assert args_of("certifications Care Manager Certified", catalog) == "Care Manager Certified"


def test_cert_add_and_remove(catalog: Catalog) -> None:
    add = args_of("cert add ccm 2024-05-01", catalog)
    assert isinstance(add, CertAdd)
    assert (add.cert.code, add.since, add.until) == ("CCM", dt.date(2024, 5, 1), None)
    until = args_of("cert renew CCM until 2029-05-31", catalog)
    assert isinstance(until, CertAdd) and until.until == dt.date(2029, 5, 31)
    assert until.since is None
    gone = args_of("cert rm cmc", catalog)
    assert isinstance(gone, CertRemove) and gone.cert.code == "CMC"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cert", "Try `/careerpath cert add CCM 2024-05-01`"),
        ("cert add", "Which certification?"),
        ("cert add XYZ 2024-05-01", "I don't know the certification “XYZ”. Known ones: `CCM`"),
        ("cert add CCM", "When did you earn or last renew CCM?"),
        ("cert add CCM until", "Add the valid-through date"),
        ("cert add CCM 2024-05-01 2024-06-01", "Try `/careerpath cert add CCM"),
        ("cert add CCM 2024-13-01", "“2024-13-01” is not a date I can read"),
        ("cert add CCM &lt;b&gt;", "“&lt;b&gt;” is not a date I can read"),
    ],
)
def test_cert_words_that_do_not_fit(text: str, message: str, catalog: Catalog) -> None:
    result = problem(text, catalog)
    assert result.notice and message in result.message


def test_ce_shows_or_logs(catalog: Catalog) -> None:
    assert args_of("ce", catalog) is None
    log = args_of("ce log 1,5 ccm ethics 2026-11-02 Ethics <@U1|me> webinar", catalog)
    assert log == CeLog(1.5, "1,5", "CCM", True, dt.date(2026, 11, 2), "Ethics @me webinar")
    bare = args_of("ce log 2", catalog)
    assert isinstance(bare, CeLog) and bare.title == "" and bare.taken_on is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ce list", "Try `/careerpath ce` for your hours"),
        ("ce log", "How many hours?"),
        ("ce log lots Webinar", "“lots” is not a number of hours"),
        ("ce log 500 Webinar", "Log between"),
    ],
)
def test_ce_words_that_do_not_fit(text: str, message: str, catalog: Catalog) -> None:
    result = problem(text, catalog)
    assert result.notice and message in result.message


def test_calendar_takes_no_words(catalog: Catalog) -> None:
    assert args_of("calendar", catalog) is None
    assert problem("calendar now", catalog).notice
