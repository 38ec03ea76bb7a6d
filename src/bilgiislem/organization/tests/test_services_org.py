"""Rules of the leave, deputyship, role and signature-delegation services."""

import datetime as dt
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from bilgiislem.core.exceptions import RuleViolation
from bilgiislem.core.models import AuditLog
from bilgiislem.organization import services
from bilgiislem.organization.choices import DelegationScope, DeputyshipReason, LeaveStatus
from bilgiislem.organization.models import Deputyship, LeavePlan, User
from bilgiislem.organization.permissions import can_cancel_leave, can_decide_leave

MONDAY = dt.date(2026, 3, 2)  # an ordinary week: Monday 2 – Friday 6 March 2026, no public holiday


def fresh(user: User) -> User:
    """The user re-read, so permission and scope caches start empty."""
    return User.objects.get(pk=user.pk)


def on_day(day: dt.date):
    """Pretend today is ``day`` for the deputyship backend, the scope resolver and the services."""
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@pytest.fixture
def staff_of(org, make_user):
    """The IT directorate: a director, an administrator, a chief and two members of staff."""
    return SimpleNamespace(
        director=make_user("director", org.it),
        admin=make_user("admin", org.it),
        chief=make_user("chief", org.software),
        staff=make_user("staff", org.software),
        support_staff=make_user("staff", org.support),
        support_lead=make_user("unit_lead", org.support),
    )


def director_leave(s, start: dt.date, end: dt.date, *, approve=True) -> LeavePlan:
    leave = services.leave_propose(
        actor=s.director, person=s.director.person, start_date=start, end_date=end, acting=s.chief
    )
    if approve:
        leave = services.leave_approve(leave=leave, actor=s.admin, note="Uygundur.")
    return leave


# --- leave_propose -----------------------------------------------------------------------------------
def test_propose_counts_working_days_on_the_official_calendar(staff_of):
    # GIVEN a week with no holiday and a week with 23 April (Ulusal Egemenlik ve Çocuk Bayramı)
    ordinary = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=6)
    )
    with_holiday = services.leave_propose(
        actor=staff_of.chief,
        person=staff_of.staff.person,
        start_date=dt.date(2026, 4, 20),
        end_date=dt.date(2026, 4, 24),
    )
    # THEN the weekend and the holiday are not counted
    assert ordinary.working_days == 5
    assert with_holiday.working_days == 4
    assert ordinary.year == 2026
    assert ordinary.status == LeaveStatus.PROPOSED


def test_propose_overlapping_leave_is_refused(staff_of):
    services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=4)
    )
    with pytest.raises(RuleViolation) as exc:
        services.leave_propose(
            actor=staff_of.chief,
            person=staff_of.staff.person,
            start_date=MONDAY + dt.timedelta(days=4),
            end_date=MONDAY + dt.timedelta(days=8),
        )
    assert exc.value.field == "start_date"
    assert LeavePlan.objects.count() == 1


def test_propose_after_a_rejected_leave_in_the_same_period_is_allowed(staff_of):
    leave = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY
    )
    services.leave_reject(leave=leave, actor=staff_of.director, note="Yoğun dönem.")
    again = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY
    )
    assert again.pk != leave.pk


def test_propose_for_a_person_outside_the_proposers_units_is_denied(staff_of):
    # the chief of Yazılım cannot plan leave for Teknik Destek
    with pytest.raises(PermissionDenied):
        services.leave_propose(
            actor=staff_of.chief, person=staff_of.support_staff.person, start_date=MONDAY, end_date=MONDAY
        )


def test_propose_by_staff_is_denied(staff_of):
    with pytest.raises(PermissionDenied):
        services.leave_propose(actor=staff_of.staff, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY)


def test_propose_with_the_person_acting_for_themselves_is_refused(staff_of):
    with pytest.raises(RuleViolation):
        services.leave_propose(
            actor=staff_of.director,
            person=staff_of.chief.person,
            start_date=MONDAY,
            end_date=MONDAY,
            acting=staff_of.chief,
        )


def test_propose_writes_an_event_and_an_audit_row(staff_of):
    leave = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY, note="Yıllık izin"
    )
    event = leave.events.get()
    assert (event.kind, event.to_status, event.actor_id) == ("propose", LeaveStatus.PROPOSED, staff_of.chief.pk)
    audit = AuditLog.objects.get(action="leave.propose", object_id=str(leave.pk))
    assert audit.actor_id == staff_of.chief.pk
    assert audit.unit_id == staff_of.staff.person.unit_id


# --- who decides -------------------------------------------------------------------------------------
def test_director_approves_staff_leave_and_the_event_is_written(staff_of):
    leave = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY
    )
    leave = services.leave_approve(leave=leave, actor=staff_of.director, note="Uygundur.")
    assert leave.status == LeaveStatus.APPROVED
    assert leave.decided_by_id == staff_of.director.pk
    assert list(leave.events.values_list("kind", flat=True)) == ["propose", "approve"]
    assert AuditLog.objects.filter(action="leave.approve", object_id=str(leave.pk)).exists()


@pytest.mark.parametrize("role", ["chief", "staff", "admin"])
def test_approve_of_staff_leave_by_a_non_director_is_denied(staff_of, make_user, org, role):
    leave = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY
    )
    other = staff_of.chief if role == "chief" else make_user(role, org.software)
    with pytest.raises(PermissionDenied):
        services.leave_approve(leave=leave, actor=other)
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PROPOSED


def test_director_cannot_approve_their_own_leave_but_an_admin_records_it(staff_of):
    leave = director_leave(staff_of, MONDAY, MONDAY + dt.timedelta(days=4), approve=False)
    assert not can_decide_leave(staff_of.director, leave)
    with pytest.raises(PermissionDenied):
        services.leave_approve(leave=leave, actor=staff_of.director)
    assert can_decide_leave(staff_of.admin, leave)
    assert services.leave_approve(leave=leave, actor=staff_of.admin).status == LeaveStatus.APPROVED


def test_admin_cannot_approve_their_own_leave(staff_of, org):
    admin_as_director = services.user_roles_set(user=staff_of.admin, roles=["admin", "director"], actor=None)
    leave = services.leave_propose(
        actor=admin_as_director, person=admin_as_director.person, start_date=MONDAY, end_date=MONDAY
    )
    assert not can_decide_leave(fresh(admin_as_director), leave)


def test_reject_without_a_note_is_refused(staff_of):
    leave = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY
    )
    with pytest.raises(RuleViolation) as exc:
        services.leave_reject(leave=leave, actor=staff_of.director, note="   ")
    assert exc.value.field == "note"
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PROPOSED


def test_reject_with_a_note_records_the_decision(staff_of):
    leave = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY
    )
    leave = services.leave_reject(leave=leave, actor=staff_of.director, note="Sayım haftası.")
    assert (leave.status, leave.decision_note) == (LeaveStatus.REJECTED, "Sayım haftası.")
    assert leave.events.last().note == "Sayım haftası."


def test_approve_of_a_rejected_leave_is_refused(staff_of):
    leave = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY
    )
    services.leave_reject(leave=leave, actor=staff_of.director, note="Hayır.")
    with pytest.raises(RuleViolation):
        services.leave_approve(leave=leave, actor=staff_of.director)


# --- acting ------------------------------------------------------------------------------------------
def test_approve_with_acting_creates_the_deputyship_for_the_directors_role(staff_of):
    leave = director_leave(staff_of, MONDAY, MONDAY + dt.timedelta(days=4))
    deputyship = Deputyship.objects.get()
    assert (deputyship.principal_id, deputyship.deputy_id, deputyship.role) == (
        staff_of.director.pk,
        staff_of.chief.pk,
        "director",
    )
    assert (deputyship.start_date, deputyship.end_date) == (leave.start_date, leave.end_date)
    assert deputyship.reason == DeputyshipReason.LEAVE
    assert deputyship.leave_id == leave.pk
    assert AuditLog.objects.filter(action="deputyship.create", object_id=str(deputyship.pk)).exists()


def test_approve_with_acting_for_staff_creates_no_deputyship(staff_of):
    leave = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY, acting=staff_of.chief
    )
    services.leave_approve(leave=leave, actor=staff_of.director)
    assert not Deputyship.objects.exists()


def test_approve_when_the_acting_person_is_on_leave_themselves_is_refused(staff_of):
    chief_leave = services.leave_propose(
        actor=staff_of.director, person=staff_of.chief.person, start_date=MONDAY, end_date=MONDAY + dt.timedelta(days=2)
    )
    services.leave_approve(leave=chief_leave, actor=staff_of.director)
    leave = director_leave(staff_of, MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=4), approve=False)
    with pytest.raises(RuleViolation):
        services.leave_approve(leave=leave, actor=staff_of.admin)
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PROPOSED
    assert not Deputyship.objects.exists()


def test_cancel_of_approved_leave_cancels_its_deputyship(staff_of):
    today = timezone.localdate()
    leave = director_leave(staff_of, today + dt.timedelta(days=3), today + dt.timedelta(days=7))
    services.leave_cancel(leave=leave, actor=staff_of.director, note="Plan değişti.")
    leave.refresh_from_db()
    deputyship = Deputyship.objects.get()
    assert leave.status == LeaveStatus.CANCELLED
    assert deputyship.cancelled_at is not None
    assert AuditLog.objects.filter(action="deputyship.cancel", object_id=str(deputyship.pk)).exists()
    assert (
        services.acting_holder("director", unit=staff_of.director.person.unit, on=today + dt.timedelta(days=4))
        == staff_of.director
    )


def test_cancel_by_someone_who_neither_proposed_nor_decides_is_denied(staff_of):
    leave = services.leave_propose(
        actor=staff_of.chief, person=staff_of.staff.person, start_date=MONDAY, end_date=MONDAY
    )
    assert not can_cancel_leave(staff_of.staff, leave)
    with pytest.raises(PermissionDenied):
        services.leave_cancel(leave=leave, actor=staff_of.staff)
    assert can_cancel_leave(staff_of.chief, leave)
    services.leave_cancel(leave=leave, actor=staff_of.chief)


def test_acting_chief_holds_director_permissions_only_inside_the_leave(staff_of, org):
    # GIVEN the director's approved leave from Monday to Friday with the chief acting
    director_leave(staff_of, MONDAY, MONDAY + dt.timedelta(days=4))
    for day, inside in [
        (MONDAY - dt.timedelta(days=1), False),
        (MONDAY, True),
        (MONDAY + dt.timedelta(days=4), True),
        (MONDAY + dt.timedelta(days=5), False),
    ]:
        with on_day(day):
            chief = fresh(staff_of.chief)
            # THEN the chief holds the director's permissions and scope exactly over the leave
            assert chief.has_perm("organization.approve_leaveplan") is inside, day
            assert chief.has_perm("organization.view_all_units") is inside, day
            assert services.acting_holder("director", unit=org.it) == (staff_of.chief if inside else staff_of.director)


def test_acting_chief_approves_staff_leave_but_not_the_directors_own(staff_of, org):
    director_leave(staff_of, MONDAY, MONDAY + dt.timedelta(days=4))
    staff_leave = services.leave_propose(
        actor=staff_of.support_lead,
        person=staff_of.support_staff.person,
        start_date=MONDAY + dt.timedelta(days=14),
        end_date=MONDAY + dt.timedelta(days=15),
    )
    later = services.leave_propose(
        actor=staff_of.director,
        person=staff_of.director.person,
        start_date=MONDAY + dt.timedelta(days=30),
        end_date=MONDAY + dt.timedelta(days=30),
    )
    with on_day(MONDAY + dt.timedelta(days=1)):
        chief = fresh(staff_of.chief)
        assert not can_decide_leave(chief, later)  # the director's leave stays with an administrator
        approved = services.leave_approve(leave=staff_leave, actor=chief)  # another unit: the scope is widened too
    assert approved.status == LeaveStatus.APPROVED
    with on_day(MONDAY + dt.timedelta(days=7)):
        other = services.leave_propose(
            actor=staff_of.support_lead,
            person=staff_of.support_staff.person,
            start_date=MONDAY + dt.timedelta(days=40),
            end_date=MONDAY + dt.timedelta(days=40),
        )
        with pytest.raises(PermissionDenied):
            services.leave_approve(leave=other, actor=fresh(staff_of.chief))


# --- deputyships -------------------------------------------------------------------------------------
def test_deputyship_for_a_role_the_principal_lacks_is_refused(staff_of):
    with pytest.raises(RuleViolation) as exc:
        services.deputyship_create(
            actor=staff_of.director,
            principal=staff_of.staff,
            deputy=staff_of.chief,
            role="director",
            start_date=MONDAY,
            end_date=MONDAY,
        )
    assert exc.value.field == "role"
    assert not Deputyship.objects.exists()


def test_deputyship_overlapping_another_for_the_same_role_is_refused(staff_of, make_user, org):
    services.deputyship_create(
        actor=staff_of.admin,
        principal=staff_of.director,
        deputy=staff_of.chief,
        role="director",
        start_date=MONDAY,
        end_date=MONDAY + dt.timedelta(days=2),
    )
    with pytest.raises(RuleViolation):
        services.deputyship_create(
            actor=staff_of.admin,
            principal=staff_of.director,
            deputy=staff_of.support_lead,
            role="director",
            start_date=MONDAY + dt.timedelta(days=2),
            end_date=MONDAY + dt.timedelta(days=3),
        )


def test_deputyship_create_without_the_permission_is_denied(staff_of):
    with pytest.raises(PermissionDenied):
        services.deputyship_create(
            actor=staff_of.chief,
            principal=staff_of.director,
            deputy=staff_of.chief,
            role="director",
            start_date=MONDAY,
            end_date=MONDAY,
        )


def test_deputyship_cancel_needs_the_permission_and_a_deputyship_not_yet_over(staff_of):
    today = timezone.localdate()
    deputyship = services.deputyship_create(
        actor=staff_of.admin,
        principal=staff_of.director,
        deputy=staff_of.chief,
        role="director",
        start_date=today,
        end_date=today + dt.timedelta(days=2),
    )
    with pytest.raises(PermissionDenied):
        services.deputyship_cancel(deputyship=deputyship, actor=staff_of.staff)
    services.deputyship_cancel(deputyship=deputyship, actor=staff_of.director, reason="Döndü.")
    with pytest.raises(RuleViolation):
        services.deputyship_cancel(deputyship=deputyship, actor=staff_of.director)
    past = services.deputyship_create(
        actor=staff_of.admin,
        principal=staff_of.director,
        deputy=staff_of.chief,
        role="director",
        start_date=today - dt.timedelta(days=10),
        end_date=today - dt.timedelta(days=5),
    )
    with pytest.raises(RuleViolation):
        services.deputyship_cancel(deputyship=past, actor=staff_of.director)


# --- roles -------------------------------------------------------------------------------------------
def test_roles_property_record_and_control_officer_together_are_refused(staff_of, make_user, org):
    user = make_user("property_record_officer", org.it)
    with pytest.raises(RuleViolation):
        services.user_roles_set(
            user=user, roles=["property_record_officer", "property_control_officer"], actor=staff_of.admin
        )
    assert set(fresh(user).groups.values_list("name", flat=True)) == {"property_record_officer"}


# --- signature delegations ---------------------------------------------------------------------------
def test_signature_delegation_to_self_is_refused(staff_of):
    with pytest.raises(RuleViolation) as exc:
        services.signature_delegation_create(
            actor=staff_of.director,
            delegator=staff_of.director,
            delegate=staff_of.director,
            scope=DelegationScope.INTERNAL,
            start_date=MONDAY,
        )
    assert exc.value.field == "delegate"


def test_signature_delegation_of_someone_elses_authority_needs_an_admin(staff_of, make_user, org):
    mayor = make_user("mayor", org.finance)
    deputy_mayor = make_user("deputy_mayor", org.finance)
    with pytest.raises(PermissionDenied):
        services.signature_delegation_create(
            actor=staff_of.director,
            delegator=mayor,
            delegate=deputy_mayor,
            scope=DelegationScope.EXTERNAL,
            start_date=MONDAY,
        )
    delegation = services.signature_delegation_create(
        actor=staff_of.admin,
        delegator=mayor,
        delegate=deputy_mayor,
        scope=DelegationScope.EXTERNAL,
        start_date=MONDAY,
        decision_reference="İmza Yetkileri Yönergesi",
    )
    assert AuditLog.objects.filter(action="signature_delegation.create", object_id=str(delegation.pk)).exists()


def test_signature_delegation_revoke_by_the_delegator_or_an_admin_only(staff_of, make_user, org):
    mayor = make_user("mayor", org.finance)
    deputy_mayor = make_user("deputy_mayor", org.finance)
    delegation = services.signature_delegation_create(
        actor=mayor, delegator=mayor, delegate=deputy_mayor, scope=DelegationScope.EXTERNAL, start_date=MONDAY
    )
    with pytest.raises(PermissionDenied):
        services.signature_delegation_revoke(delegation=delegation, actor=deputy_mayor)
    services.signature_delegation_revoke(delegation=delegation, actor=mayor)  # the mayor lacks the change permission
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    with pytest.raises(RuleViolation):
        services.signature_delegation_revoke(delegation=delegation, actor=staff_of.admin)
