"""Leave-plan screens: access per role, scope (404), the decision buttons, and acting end to end."""

import datetime as dt
from types import SimpleNamespace
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from bilgiislem.core.models import AuditLog
from bilgiislem.organization import services
from bilgiislem.organization.choices import LeaveStatus
from bilgiislem.organization.models import Deputyship, LeavePlan

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def s(org, make_user):
    return SimpleNamespace(
        director=make_user("director", org.it),
        admin=make_user("admin", org.it),
        chief=make_user("chief", org.software),
        staff=make_user("staff", org.software),
        support_staff=make_user("staff", org.support),
        support_lead=make_user("unit_lead", org.support),
        requester=make_user("requester", org.finance),
    )


def propose(s, person=None, start=MONDAY, days=2, actor=None, **kwargs) -> LeavePlan:
    return services.leave_propose(
        actor=actor or s.chief,
        person=person or s.staff.person,
        start_date=start,
        end_date=start + dt.timedelta(days=days),
        **kwargs,
    )


def url(name, *args):
    return reverse(f"organization:{name}", args=args)


# --- list --------------------------------------------------------------------------------------------
def test_list_anonymous_is_sent_to_login(client, org):
    response = client.get(url("leave_list"))
    assert response.status_code == 302
    assert reverse("organization:login") in response["Location"]


def test_list_requester_is_forbidden(client_as, s):
    assert client_as(s.requester).get(url("leave_list")).status_code == 403


def test_list_staff_sees_their_unit_only(client_as, s):
    own = propose(s)
    other = propose(s, person=s.support_staff.person, actor=s.support_lead)
    response = client_as(s.staff).get(url("leave_list"), {"year": 2026})
    assert response.status_code == 200
    page = response.context["page"]
    assert [leave.pk for leave in page.object_list] == [own.pk]
    assert other.pk not in [row.person.pk for row in response.context["overview"]]


def test_list_overview_counts_planned_working_days_per_month(client_as, s):
    propose(s, start=MONDAY, days=6)  # 2–8 March: 5 working days, proposed
    approved = propose(s, start=dt.date(2026, 4, 20), days=4)  # 20–24 April with 23 April: 4 working days
    services.leave_approve(leave=approved, actor=s.director)
    response = client_as(s.director).get(url("leave_list"), {"year": 2026})
    row = next(r for r in response.context["overview"] if r.person.pk == s.staff.person.pk)
    assert row.proposed[2] == 5 and row.approved[3] == 4
    assert (row.approved_total, row.proposed_total) == (4, 5)


def test_list_filters_by_status_unit_and_year(client_as, s):
    proposed = propose(s)
    approved = propose(s, person=s.support_staff.person, actor=s.support_lead)
    services.leave_approve(leave=approved, actor=s.director)
    next_year = propose(s, start=dt.date(2027, 3, 1))
    client = client_as(s.director)

    def listed(**params):
        return {leave.pk for leave in client.get(url("leave_list"), params).context["page"].object_list}

    assert listed(year=2026) == {proposed.pk, approved.pk}
    assert listed(year=2026, status="approved") == {approved.pk}
    assert listed(year=2026, unit=s.support_staff.person.unit_id) == {approved.pk}
    assert listed(year=2026, unit=s.director.person.unit_id) == {proposed.pk, approved.pk}  # with sub-units
    assert listed(year=2027) == {next_year.pk}


def test_list_query_count_does_not_grow_with_rows(client_as, s, django_assert_max_num_queries):
    client = client_as(s.director)
    propose(s)
    client.get(url("leave_list"), {"year": 2026})  # warm the per-process caches (brand, calendar)
    with django_assert_max_num_queries(20) as few:
        client.get(url("leave_list"), {"year": 2026})
    for week in range(1, 15):
        person = s.support_staff.person if week % 2 else s.staff.person
        actor = s.support_lead if week % 2 else s.chief
        propose(
            s,
            person=person,
            actor=actor,
            start=MONDAY + dt.timedelta(weeks=week),
            days=1,
            acting=s.director if week % 3 else None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("leave_list"), {"year": 2026})
    assert len(response.context["page"].object_list) == 15


# --- propose -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"),
    [("chief", 200), ("unit_lead", 200), ("director", 200), ("staff", 403), ("admin", 403), ("requester", 403)],
)
def test_create_page_per_role(client_as, make_user, org, role, status):
    user = make_user(role, org.software if role != "requester" else org.finance)
    assert client_as(user).get(url("leave_create")).status_code == status


def test_create_offers_only_people_the_proposer_may_see(client_as, s):
    response = client_as(s.chief).get(url("leave_create"))
    people = set(response.context["form"].fields["person"].queryset)
    assert s.staff.person in people and s.chief.person in people
    assert s.support_staff.person not in people and s.director.person not in people
    assert s.requester.person not in people


def test_create_by_chief_proposes_and_audits(client_as, s):
    response = client_as(s.chief).post(
        url("leave_create"),
        {
            "person": s.staff.person.pk,
            "kind": "annual",
            "start_date": "02.03.2026",
            "end_date": "06.03.2026",
            "note": "Yıllık izin",
        },
    )
    leave = LeavePlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("leave_detail", leave.pk)
    assert (leave.working_days, leave.proposed_by_id, leave.status) == (5, s.chief.pk, LeaveStatus.PROPOSED)
    assert AuditLog.objects.filter(action="leave.propose", object_id=str(leave.pk), actor_id=s.chief.pk).exists()


def test_create_overlapping_shows_the_rule_as_a_form_error(client_as, s):
    propose(s)
    response = client_as(s.chief).post(
        url("leave_create"),
        {
            "person": s.staff.person.pk,
            "kind": "annual",
            "start_date": "2026-03-03",
            "end_date": "2026-03-05",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"]
    assert LeavePlan.objects.count() == 1


def test_create_for_a_person_out_of_scope_is_refused(client_as, s):
    response = client_as(s.chief).post(
        url("leave_create"),
        {
            "person": s.support_staff.person.pk,
            "kind": "annual",
            "start_date": "2026-03-03",
            "end_date": "2026-03-05",
        },
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not LeavePlan.objects.exists()


# --- detail and decisions ----------------------------------------------------------------------------
def test_detail_out_of_scope_is_404(client_as, s):
    leave = propose(s)
    assert client_as(s.support_staff).get(url("leave_detail", leave.pk)).status_code == 404
    assert client_as(s.requester).get(url("leave_detail", leave.pk)).status_code == 403


def test_detail_shows_history_and_the_decision_buttons_only_to_a_decider(client_as, s):
    leave = propose(s, note="Yıllık izin planı")
    approve_url = url("leave_approve", leave.pk)
    as_director = client_as(s.director).get(url("leave_detail", leave.pk))
    assert as_director.context["can_decide"] is True
    assert approve_url in as_director.content.decode()
    assert "Yıllık izin planı" in as_director.content.decode()
    as_staff = client_as(s.staff).get(url("leave_detail", leave.pk))
    assert as_staff.status_code == 200
    assert as_staff.context["can_decide"] is False and as_staff.context["can_cancel"] is False
    assert approve_url not in as_staff.content.decode()
    as_chief = client_as(s.chief).get(url("leave_detail", leave.pk))  # the proposer may cancel, not decide
    assert (as_chief.context["can_decide"], as_chief.context["can_cancel"]) == (False, True)


def test_approve_by_director_approves(client_as, s):
    leave = propose(s)
    response = client_as(s.director).post(url("leave_approve", leave.pk), {"decision-note": "Uygundur."})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert (leave.status, leave.decision_note) == (LeaveStatus.APPROVED, "Uygundur.")


def test_approve_by_staff_is_forbidden_and_out_of_scope_is_404(client_as, s):
    leave = propose(s)
    assert client_as(s.staff).post(url("leave_approve", leave.pk)).status_code == 403
    assert client_as(s.support_staff).post(url("leave_approve", leave.pk)).status_code == 404
    assert client_as(s.director).get(url("leave_approve", leave.pk)).status_code == 405
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PROPOSED


def test_reject_without_a_note_shows_an_error_and_changes_nothing(client_as, s):
    leave = propose(s)
    response = client_as(s.director).post(url("leave_reject", leave.pk), {"decision-note": ""})
    assert response.status_code == 200
    assert response.context["decision_form"].errors["note"]
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PROPOSED
    assert not AuditLog.objects.filter(action="leave.reject").exists()


def test_reject_with_a_note_rejects(client_as, s):
    leave = propose(s)
    client_as(s.director).post(url("leave_reject", leave.pk), {"decision-note": "Sayım haftası."})
    leave.refresh_from_db()
    assert (leave.status, leave.decision_note) == (LeaveStatus.REJECTED, "Sayım haftası.")
    assert AuditLog.objects.filter(action="leave.reject", object_id=str(leave.pk)).exists()


def test_reject_by_staff_is_forbidden_even_without_a_note(client_as, s):
    leave = propose(s)
    assert client_as(s.staff).post(url("leave_reject", leave.pk), {"decision-note": ""}).status_code == 403


def test_cancel_by_the_proposer_cancels(client_as, s):
    leave = propose(s)
    response = client_as(s.chief).post(url("leave_cancel", leave.pk), {"cancel-note": "Vazgeçildi."})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.CANCELLED
    assert list(leave.events.values_list("kind", flat=True)) == ["propose", "cancel"]


def test_cancel_of_a_cancelled_leave_shows_the_rule(client_as, s):
    leave = propose(s)
    services.leave_cancel(leave=leave, actor=s.chief)
    response = client_as(s.chief).post(url("leave_cancel", leave.pk))
    assert response.status_code == 200
    assert response.context["error"]


# --- the acting director, end to end -----------------------------------------------------------------
def test_directors_leave_approved_by_admin_makes_the_chief_acting_director_for_its_dates(client_as, s):
    today = timezone.localdate()
    # GIVEN the director proposes their own leave with the chief acting, from today for five days
    client_as(s.director).post(
        url("leave_create"),
        {
            "person": s.director.person.pk,
            "kind": "annual",
            "start_date": today.isoformat(),
            "end_date": (today + dt.timedelta(days=4)).isoformat(),
            "acting": s.chief.pk,
        },
    )
    leave = LeavePlan.objects.get(person=s.director.person)
    # the director cannot approve it; an administrator records the approval
    assert client_as(s.director).get(url("leave_detail", leave.pk)).context["can_decide"] is False
    assert client_as(s.director).post(url("leave_approve", leave.pk)).status_code == 403
    assert client_as(s.admin).post(url("leave_approve", leave.pk)).status_code == 302
    assert Deputyship.objects.get(leave=leave).deputy == s.chief

    # WHEN a leave of Teknik Destek (outside the chief's own unit) awaits a decision
    staff_leave = propose(s, person=s.support_staff.person, actor=s.support_lead, start=today + dt.timedelta(days=30))
    chief = client_as(s.chief)
    # THEN during the director's leave the chief sees it, gets the buttons and approves it
    detail = chief.get(url("leave_detail", staff_leave.pk))
    assert detail.status_code == 200 and detail.context["can_decide"] is True
    assert chief.post(url("leave_approve", staff_leave.pk)).status_code == 302
    staff_leave.refresh_from_db()
    assert (staff_leave.status, staff_leave.decided_by_id) == (LeaveStatus.APPROVED, s.chief.pk)

    # AND after the leave is over, the chief is back to their own unit's scope
    other = propose(s, person=s.support_staff.person, actor=s.support_lead, start=today + dt.timedelta(days=60))
    with mock.patch("django.utils.timezone.localdate", return_value=today + dt.timedelta(days=5)):
        assert chief.get(url("leave_detail", other.pk)).status_code == 404
        assert chief.post(url("leave_approve", other.pk)).status_code == 404
        own_unit = propose(s, start=today + dt.timedelta(days=60))
        assert chief.post(url("leave_approve", own_unit.pk)).status_code == 403
