"""GET /api/v1/calendar/deadline/: authenticated clients only, 400 with a readable message on bad input."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token

from bilgiislem.core.models import CalendarOverride, CalendarOverrideKind

URL = "/api/v1/calendar/deadline/"


@pytest.fixture
def authed(api_client, make_user):
    user = make_user("staff")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


@pytest.mark.django_db
def test_deadline_api_anonymous_is_rejected(api_client):
    response = api_client.get(URL, {"start": "2026-03-16", "days": 15, "kind": "working"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("params", "due"),
    [
        ({"start": "2026-03-16", "days": 15, "kind": "working"}, "2026-04-07"),
        ({"start": "2026-05-20", "days": 10, "kind": "working"}, "2026-06-08"),
        ({"start": "2026-03-16", "basis": "4982"}, "2026-04-07"),
        ({"start": "2026-09-29", "days": 30, "kind": "calendar"}, "2026-10-30"),
    ],
)
def test_deadline_api_returns_due_date(authed, params, due):
    response = authed.get(URL, params)
    assert response.status_code == 200, response.content
    assert response.json()["due_date"] == due


def test_deadline_api_calendar_period_reports_the_unrolled_day(authed):
    body = authed.get(URL, {"start": "2026-04-27", "basis": "3071"}).json()
    assert body == {
        "start": "2026-04-27",
        "days": 30,
        "kind": "calendar",
        "basis": "3071",
        "due_date": "2026-06-01",
        "nominal_date": "2026-05-27",
    }


def test_deadline_api_honours_an_added_holiday(authed):
    CalendarOverride.objects.create(date=dt.date(2026, 4, 6), kind=CalendarOverrideKind.HOLIDAY, name="Ek tatil")
    assert authed.get(URL, {"start": "2026-03-16", "basis": "4982"}).json()["due_date"] == "2026-04-08"


@pytest.mark.parametrize(
    ("params", "key", "fragment"),
    [
        ({"start": "16.03.2026", "days": 15, "kind": "working"}, "start", "YYYY-MM-DD"),
        ({"start": "2026-03-16", "days": 0, "kind": "working"}, "days", "between"),
        ({"start": "2026-03-16", "days": "abc", "kind": "working"}, "days", "between"),
        ({"start": "2026-03-16", "days": 15, "kind": "weekly"}, "kind", "working"),
        ({"start": "2026-03-16", "days": 15}, "detail", "kind"),
        ({"start": "2026-03-16", "basis": "4982", "days": 30}, "days", "contradicts"),
        ({"start": "2026-03-16", "basis": "nope"}, "basis", "Unknown legal basis"),
        ({"days": 15, "kind": "working"}, "start", ""),
    ],
)
def test_deadline_api_bad_input_is_400_with_message(authed, params, key, fragment):
    response = authed.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert key in body
    assert fragment in " ".join(body[key] if isinstance(body[key], list) else [body[key]])
