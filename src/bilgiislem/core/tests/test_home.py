"""The personal home page: today's calendar status, upcoming holidays and the registered work sections."""

import datetime as dt
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from bilgiislem.core import home
from bilgiislem.core.home import WorkItem, register_work_provider, unregister_work_provider, work_sections
from bilgiislem.core.models import CalendarOverride, CalendarOverrideKind
from bilgiislem.organization import services as org_services
from bilgiislem.organization.choices import RegulationStatus
from bilgiislem.organization.models import Regulation

D = dt.date
HOME = "/"


@pytest.fixture
def today(monkeypatch):
    """Pin "today" (timezone.localdate) for the calendar card and the providers."""

    def _set(day: dt.date) -> dt.date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return _set


@pytest.fixture
def team(org, make_user):
    """The director, a chief of the software unit and a member of their staff."""
    return {
        "director": make_user("director"),
        "chief": make_user("chief", unit=org.software),
        "staff": make_user("staff", unit=org.software),
    }


JULY_6 = D(2026, 7, 6)


def propose(team, start=JULY_6, days=5):
    return org_services.leave_propose(
        actor=team["chief"], person=team["staff"].person, start_date=start, end_date=start + dt.timedelta(days=days - 1)
    )


def section(response, key):
    return next((s for s in response.context["sections"] if s.key == key), None)


# --- access and the calendar card -------------------------------------------------------------------------
@pytest.mark.django_db
def test_home_anonymous_redirects_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and reverse("organization:login") in response["Location"]


def test_home_url_is_the_site_root():
    assert reverse("core:home") == "/"


def test_home_on_an_arife_shows_working_day_closing_at_13(client_as, make_user, today):
    today(D(2026, 3, 19))
    response = client_as(make_user("staff")).get(HOME)
    card = response.context["today"]
    assert (card.date, card.is_working_day, card.is_office_open) == (D(2026, 3, 19), True, True)
    assert card.half_day
    content = response.content.decode()
    assert "19.03.2026" in content


def test_home_on_a_holiday_shows_not_a_working_day(client_as, make_user, today):
    today(D(2026, 3, 20))
    response = client_as(make_user("staff")).get(HOME)
    card = response.context["today"]
    assert not card.is_working_day
    assert card.holiday == "Ramazan Bayramı"


def test_home_on_an_administrative_closure_says_offices_closed_but_deadlines_run(client_as, make_user, today):
    today(D(2026, 4, 6))
    CalendarOverride.objects.create(
        date=D(2026, 4, 6), kind=CalendarOverrideKind.ADMINISTRATIVE_CLOSURE, name="İdari izin"
    )
    card = client_as(make_user("staff")).get(HOME).context["today"]
    assert card.is_working_day and not card.is_office_open
    assert card.closure == "İdari izin"


def test_home_lists_the_holidays_of_the_next_60_days(client_as, make_user, today):
    today(D(2026, 3, 1))
    CalendarOverride.objects.create(date=D(2026, 4, 6), kind=CalendarOverrideKind.HOLIDAY, name="Ek tatil")
    upcoming = client_as(make_user("staff")).get(HOME).context["today"].upcoming
    by_date = {d.date: d for d in upcoming}
    assert by_date[D(2026, 3, 19)].half_day
    assert by_date[D(2026, 3, 20)].holiday
    assert by_date[D(2026, 4, 6)].name == "Ek tatil"
    assert by_date[D(2026, 4, 23)].holiday
    assert max(by_date) <= D(2026, 4, 30)
    assert D(2026, 5, 1) not in by_date  # 61 days ahead


# --- the organisation's work sections -------------------------------------------------------------------
def test_home_director_sees_leave_plans_awaiting_decision(client_as, team, today):
    today(D(2026, 6, 1))
    leave = propose(team)
    response = client_as(team["director"]).get(HOME)
    awaiting = section(response, "organization.leave_awaiting_decision")
    assert awaiting is not None
    assert [item.due_date for item in awaiting.items] == [leave.start_date]
    assert str(team["staff"].person) in awaiting.items[0].title
    content = response.content.decode()
    assert reverse("organization:leave_detail", args=[leave.pk]) in content


def test_home_staff_has_no_decision_section_but_sees_own_pending_leave(client_as, team, today):
    today(D(2026, 6, 1))
    propose(team)
    response = client_as(team["staff"]).get(HOME)
    assert section(response, "organization.leave_awaiting_decision") is None
    mine = section(response, "organization.my_proposed_leave")
    assert mine is not None and len(mine.items) == 1


def test_home_chief_sees_the_leave_they_proposed(client_as, team, today):
    today(D(2026, 6, 1))
    propose(team)
    mine = section(client_as(team["chief"]).get(HOME), "organization.my_proposed_leave")
    assert mine is not None and len(mine.items) == 1


def test_home_decided_leave_leaves_the_lists(client_as, team, today):
    today(D(2026, 6, 1))
    leave = propose(team)
    org_services.leave_approve(leave=leave, actor=team["director"])
    response = client_as(team["director"]).get(HOME)
    assert section(response, "organization.leave_awaiting_decision").items == []  # applies, so shown empty


def test_home_deputy_sees_acting_as(client_as, team, today):
    day = today(D(2026, 6, 1))
    org_services.deputyship_create(
        actor=None,
        principal=team["director"],
        deputy=team["chief"],
        role="director",
        start_date=day,
        end_date=day + dt.timedelta(days=4),
    )
    deputyships = section(client_as(team["chief"]).get(HOME), "organization.my_deputyships")
    assert deputyships is not None
    assert len(deputyships.items) == 1
    assert deputyships.items[0].due_date == D(2026, 6, 5)
    assert str(team["director"]) in deputyships.items[0].title


def test_home_past_or_cancelled_deputyship_is_not_listed(client_as, team, today):
    day = today(D(2026, 6, 10))
    org_services.deputyship_create(
        actor=None,
        principal=team["director"],
        deputy=team["chief"],
        role="director",
        start_date=D(2026, 6, 1),
        end_date=D(2026, 6, 5),
    )
    current = org_services.deputyship_create(
        actor=None, principal=team["director"], deputy=team["chief"], role="director", start_date=day, end_date=day
    )
    org_services.deputyship_cancel(deputyship=current, actor=team["director"])
    assert section(client_as(team["chief"]).get(HOME), "organization.my_deputyships") is None


def test_home_regulation_proposals_for_confirm_regulation_holders(client_as, make_user):
    Regulation.objects.create(title="Bilgi İşlem Müdürlüğü Yönetmeliği", text="...", status=RegulationStatus.IMPORTED)
    Regulation.objects.create(title="Onaylanmış", text="...", status=RegulationStatus.CONFIRMED)
    admin_section = section(client_as(make_user("admin")).get(HOME), "organization.regulations_awaiting_confirmation")
    assert [item.title for item in admin_section.items] == ["Bilgi İşlem Müdürlüğü Yönetmeliği"]


def test_home_regulation_section_hidden_from_staff(client_as, make_user):
    Regulation.objects.create(title="Yönetmelik", text="...", status=RegulationStatus.IMPORTED)
    response = client_as(make_user("staff")).get(HOME)
    assert section(response, "organization.regulations_awaiting_confirmation") is None


def test_home_query_count_does_not_grow_with_items(client_as, team, today, django_assert_max_num_queries):
    # GIVEN one proposed leave plan, then five more
    today(D(2026, 6, 1))
    propose(team, start=D(2026, 7, 1), days=1)
    client = client_as(team["director"])
    client.get(HOME)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for week in range(1, 6):
        propose(team, start=D(2026, 7, 1) + dt.timedelta(weeks=week), days=1)
    # THEN the home page runs the same number of queries, and stays under the bar
    with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as six:
        response = client.get(HOME)
    assert len(section(response, "organization.leave_awaiting_decision").items) == 6
    assert len(six.captured_queries) == len(one.captured_queries)


# --- the registry ------------------------------------------------------------------------------------------
class _Broken:
    key = "test.broken"
    label = "Broken"

    def items_for(self, user):
        raise RuntimeError("boom")


class _Static:
    key = "test.static"
    label = "Static"
    order = 1

    def items_for(self, user):
        return [WorkItem(f"item {n}", None) for n in range(home.HOME_ITEM_LIMIT + 5)]


def test_home_failing_provider_is_logged_and_shown_as_failed(client_as, make_user, caplog):
    register_work_provider(_Broken())
    try:
        with caplog.at_level(logging.ERROR, logger="bilgiislem.core.home"):
            response = client_as(make_user("staff")).get(HOME)
    finally:
        unregister_work_provider("test.broken")
    assert response.status_code == 200
    assert section(response, "test.broken").failed
    assert any("test.broken" in r.getMessage() for r in caplog.records)


def test_work_sections_cap_items_and_sort_by_order(make_user):
    register_work_provider(_Static())
    try:
        sections = work_sections(make_user("staff"))
    finally:
        unregister_work_provider("test.static")
    assert sections[0].key == "test.static"
    assert len(sections[0].items) == home.HOME_ITEM_LIMIT


def test_register_work_provider_is_idempotent_and_checks_the_protocol():
    before = len(home.work_providers())
    register_work_provider(_Static())
    register_work_provider(_Static())
    try:
        assert len(home.work_providers()) == before + 1
    finally:
        unregister_work_provider("test.static")
    with pytest.raises(TypeError):
        register_work_provider(object())


def test_organization_registers_its_four_providers():
    keys = {home.provider_key(p) for p in home.work_providers()}
    assert {
        "organization.leave_awaiting_decision",
        "organization.my_proposed_leave",
        "organization.my_deputyships",
        "organization.regulations_awaiting_confirmation",
    } <= keys
