"""The calendar screens: the year list, override CRUD and the deadline calculator."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bilgiislem.core.models import AuditLog, CalendarOverride, CalendarOverrideKind

D = dt.date


def year_url(year: int = 2026) -> str:
    return reverse("core:calendar_year", args=[year])


# --- the year list --------------------------------------------------------------------------------------
def test_calendar_urls_are_turkish_paths():
    assert reverse("core:calendar") == "/takvim/"
    assert reverse("core:deadline_calculator") == "/takvim/sure-hesapla/"
    assert reverse("core:audit_list") == "/denetim/"


@pytest.mark.django_db
def test_calendar_year_anonymous_redirects_to_login(client):
    response = client.get(year_url())
    assert response.status_code == 302
    assert reverse("organization:login") in response["Location"]


@pytest.mark.parametrize("role", ["staff", "chief", "clerk", "director", "admin"])
def test_calendar_year_it_roles_see_holidays_and_half_days(client_as, make_user, role):
    response = client_as(make_user(role)).get(year_url(2026))
    assert response.status_code == 200
    days = {d.date: d for d in response.context["days"]}
    assert days[D(2026, 3, 20)].holiday
    assert days[D(2026, 3, 19)].half_day
    assert days[D(2026, 10, 28)].half_day
    content = response.content.decode()
    assert "19.03.2026" in content
    assert "Ramazan Bayramı (saat 13.00" in content  # the library's HALF_DAY name of the arife


def test_calendar_year_requester_is_forbidden(client_as, make_user, org):
    response = client_as(make_user("requester", unit=org.finance)).get(year_url())
    assert response.status_code == 403


def test_calendar_year_shows_overrides_with_edit_buttons_for_director(client_as, make_user):
    director = make_user("director")
    override = CalendarOverride.objects.create(date=D(2026, 4, 6), kind=CalendarOverrideKind.HOLIDAY, name="Ek tatil")
    content = client_as(director).get(year_url()).content.decode()
    assert "Ek tatil" in content
    assert reverse("core:calendar_override_update", args=[override.pk]) in content
    assert reverse("core:calendar_override_delete", args=[override.pk]) in content


def test_calendar_year_hides_edit_buttons_from_staff(client_as, make_user):
    override = CalendarOverride.objects.create(date=D(2026, 4, 6), kind=CalendarOverrideKind.HOLIDAY, name="Ek tatil")
    content = client_as(make_user("staff")).get(year_url()).content.decode()
    assert "Ek tatil" in content
    assert reverse("core:calendar_override_update", args=[override.pk]) not in content


def test_calendar_year_out_of_range_is_404(client_as, make_user):
    assert client_as(make_user("staff")).get(year_url(1900)).status_code == 404


def test_calendar_current_year_page_renders(client_as, make_user):
    response = client_as(make_user("staff")).get(reverse("core:calendar"))
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_calendar_year_query_count_is_bounded(client_as, make_user, django_assert_max_num_queries):
    director = make_user("director")
    client = client_as(director)
    for day in range(6, 11):
        CalendarOverride.objects.create(
            date=D(2026, 4, day), kind=CalendarOverrideKind.HOLIDAY, name=f"Ek {day}", created_by=director
        )
    with django_assert_max_num_queries(15):
        assert client.get(year_url()).status_code == 200


# --- override CRUD ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["director", "admin"])
def test_override_create_by_director_or_admin_redirects_to_the_year(client_as, make_user, role):
    client = client_as(make_user(role))
    response = client.post(
        reverse("core:calendar_override_create"),
        {"date": "2026-04-06", "kind": "holiday", "name": "Ek tatil", "source": "RG"},
    )
    assert response.status_code == 302
    assert response["Location"] == year_url(2026)
    assert CalendarOverride.objects.filter(date=D(2026, 4, 6), kind="holiday").exists()
    assert AuditLog.objects.filter(action="calendar_override.create").exists()


def test_override_create_form_prefills_the_date(client_as, make_user):
    response = client_as(make_user("director")).get(reverse("core:calendar_override_create") + "?date=2026-04-06")
    assert response.status_code == 200
    assert 'value="2026-04-06"' in response.content.decode()


@pytest.mark.parametrize("role", ["staff", "chief", "clerk"])
def test_override_create_without_permission_is_403_and_writes_nothing(client_as, make_user, role):
    client = client_as(make_user(role))
    assert client.get(reverse("core:calendar_override_create")).status_code == 403
    response = client.post(
        reverse("core:calendar_override_create"), {"date": "2026-04-06", "kind": "holiday", "name": "Ek tatil"}
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


def test_override_create_rule_violation_is_shown_on_the_form(client_as, make_user):
    response = client_as(make_user("director")).post(
        reverse("core:calendar_override_create"), {"date": "2026-03-18", "kind": "working_day", "name": "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert not CalendarOverride.objects.exists()


def test_override_update_changes_the_entry(client_as, make_user):
    override = CalendarOverride.objects.create(date=D(2026, 4, 6), kind=CalendarOverrideKind.HOLIDAY, name="Ek tatil")
    client = client_as(make_user("director"))
    url = reverse("core:calendar_override_update", args=[override.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-04-07", "kind": "holiday", "name": "Ek tatil 2", "source": ""})
    assert response.status_code == 302
    override.refresh_from_db()
    assert (override.date, override.name) == (D(2026, 4, 7), "Ek tatil 2")
    assert AuditLog.objects.get(action="calendar_override.update").after["date"] == "2026-04-07"


def test_override_update_by_staff_is_403(client_as, make_user):
    override = CalendarOverride.objects.create(date=D(2026, 4, 6), kind=CalendarOverrideKind.HOLIDAY, name="Ek tatil")
    client = client_as(make_user("staff"))
    url = reverse("core:calendar_override_update", args=[override.pk])
    assert client.post(url, {"date": "2026-04-07", "kind": "holiday", "name": "x"}).status_code == 403
    override.refresh_from_db()
    assert override.name == "Ek tatil"


def test_override_update_unknown_pk_is_404(client_as, make_user):
    client = client_as(make_user("director"))
    assert client.get(reverse("core:calendar_override_update", args=[999])).status_code == 404


def test_override_delete_confirms_then_deletes_on_post(client_as, make_user):
    override = CalendarOverride.objects.create(date=D(2026, 4, 6), kind=CalendarOverrideKind.HOLIDAY, name="Ek tatil")
    client = client_as(make_user("admin"))
    url = reverse("core:calendar_override_delete", args=[override.pk])
    assert client.get(url).status_code == 200
    assert CalendarOverride.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert AuditLog.objects.filter(action="calendar_override.delete").exists()


def test_override_delete_by_staff_is_403(client_as, make_user):
    override = CalendarOverride.objects.create(date=D(2026, 4, 6), kind=CalendarOverrideKind.HOLIDAY, name="Ek tatil")
    response = client_as(make_user("staff")).post(reverse("core:calendar_override_delete", args=[override.pk]))
    assert response.status_code == 403
    assert CalendarOverride.objects.exists()


def test_override_create_without_csrf_token_is_rejected(make_user):
    from django.test import Client

    director = make_user("director")
    client = Client(enforce_csrf_checks=True)
    client.force_login(director, backend="django.contrib.auth.backends.ModelBackend")
    from django_otp import DEVICE_ID_SESSION_KEY

    from bilgiislem.organization.tests.factories import confirmed_totp_device

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(director).persistent_id
    session.save()
    response = client.post(
        reverse("core:calendar_override_create"), {"date": "2026-04-06", "kind": "holiday", "name": "x"}
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


# --- deadline calculator ----------------------------------------------------------------------------------
def test_deadline_calculator_anonymous_redirects(client, db):
    assert client.get(reverse("core:deadline_calculator")).status_code == 302


def test_deadline_calculator_empty_form_shows_no_result(client_as, make_user):
    response = client_as(make_user("staff")).get(reverse("core:deadline_calculator"))
    assert response.status_code == 200
    assert response.context["result"] is None


@pytest.mark.parametrize(
    ("params", "due"),
    [
        ({"start": "2026-03-16", "days": "15", "kind": "working"}, "07.04.2026"),
        ({"start": "2026-03-16", "basis": "4982"}, "07.04.2026"),
        ({"start": "16.03.2026", "basis": "4982"}, "07.04.2026"),
        ({"start": "2026-04-27", "basis": "3071"}, "01.06.2026"),
    ],
)
def test_deadline_calculator_shows_due_date(client_as, make_user, params, due):
    response = client_as(make_user("staff")).get(reverse("core:deadline_calculator"), params)
    assert response.status_code == 200
    assert response.context["result"] is not None
    assert due in response.content.decode()


def test_deadline_calculator_calendar_period_shows_the_unrolled_day(client_as, make_user):
    response = client_as(make_user("staff")).get(
        reverse("core:deadline_calculator"), {"start": "2026-04-27", "basis": "3071"}
    )
    assert "27.05.2026" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-03-16", "basis": "4982", "days": "30"}, "days"),
        ({"start": "2026-03-16", "days": "15"}, None),
        ({"start": "2026-03-16", "days": "0", "kind": "working"}, "days"),
        ({"start": "not a date", "basis": "4982"}, "start"),
    ],
)
def test_deadline_calculator_bad_input_is_a_form_error(client_as, make_user, params, field):
    response = client_as(make_user("staff")).get(reverse("core:deadline_calculator"), params)
    assert response.status_code == 200
    form = response.context["form"]
    assert response.context["result"] is None
    assert form.errors
    if field:
        assert field in form.errors
    else:
        assert form.non_field_errors()
