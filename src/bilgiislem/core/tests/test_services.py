"""calendar_override_create / update / delete: permissions, rules, audit rows."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from bilgiislem.core import calendar
from bilgiislem.core.audit import audit_chain_verify
from bilgiislem.core.exceptions import RuleViolation
from bilgiislem.core.models import AuditLog, CalendarOverride, CalendarOverrideKind
from bilgiislem.core.services import calendar_override_create, calendar_override_delete, calendar_override_update

D = dt.date
HOLIDAY, WORKING, CLOSURE = (
    CalendarOverrideKind.HOLIDAY,
    CalendarOverrideKind.WORKING_DAY,
    CalendarOverrideKind.ADMINISTRATIVE_CLOSURE,
)


@pytest.fixture
def director(make_user):
    return make_user("director")


@pytest.mark.parametrize("role", ["director", "admin"])
def test_create_by_director_or_admin_is_stored_and_audited(make_user, role):
    actor = make_user(role)
    override = calendar_override_create(
        actor=actor, date=D(2026, 4, 6), kind=HOLIDAY, name="  Ek tatil ", source="RG 01.04.2026"
    )
    assert (override.name, override.created_by) == ("Ek tatil", actor)
    event = AuditLog.objects.get(action="calendar_override.create")
    assert event.actor_id == actor.pk
    assert event.object_id == str(override.pk)
    assert event.after["date"] == "2026-04-06" and event.after["kind"] == "holiday"
    assert audit_chain_verify()[1] is None
    assert not calendar.is_working_day(D(2026, 4, 6))


@pytest.mark.parametrize("role", ["staff", "chief", "unit_lead", "clerk", "requester"])
def test_create_without_permission_is_denied_and_writes_nothing(make_user, role):
    with pytest.raises(PermissionDenied):
        calendar_override_create(actor=make_user(role), date=D(2026, 4, 6), kind=HOLIDAY, name="Ek tatil")
    assert not CalendarOverride.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="calendar_override").exists()


@pytest.mark.parametrize(
    ("day", "kind", "field"),
    [
        (D(2026, 3, 20), HOLIDAY, "date"),  # already an official holiday (Ramazan Bayramı)
        (D(2026, 3, 18), WORKING, "kind"),  # an ordinary Wednesday is already a working day
        (D(2026, 3, 21), CLOSURE, "date"),  # offices are closed on a Saturday anyway
        (D(2026, 10, 29), CLOSURE, "date"),  # ... and on an official holiday
        (D(1900, 1, 1), HOLIDAY, "date"),  # outside the supported years
    ],
)
def test_create_meaningless_entry_is_a_rule_violation(director, day, kind, field):
    with pytest.raises(RuleViolation) as excinfo:
        calendar_override_create(actor=director, date=day, kind=kind, name="x")
    assert excinfo.value.field == field
    assert not CalendarOverride.objects.exists()


def test_create_same_kind_twice_on_a_day_is_rejected(director):
    calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="Ek tatil")
    with pytest.raises(RuleViolation):
        calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="Bir daha")


def test_create_holiday_and_working_day_on_the_same_day_contradict(director):
    calendar_override_create(actor=director, date=D(2026, 3, 20), kind=WORKING, name="Düzeltme")
    with pytest.raises(RuleViolation):
        calendar_override_create(actor=director, date=D(2026, 3, 20), kind=HOLIDAY, name="Tatil")
    assert CalendarOverride.objects.count() == 1
    holiday = calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="Ek tatil")
    with pytest.raises(RuleViolation):
        calendar_override_create(actor=director, date=holiday.date, kind=WORKING, name="Düzeltme")
    with pytest.raises(RuleViolation):
        calendar_override_create(actor=director, date=holiday.date, kind=CLOSURE, name="İdari izin")


def test_create_closure_on_a_corrected_working_day_is_allowed(director):
    calendar_override_create(actor=director, date=D(2026, 3, 28), kind=WORKING, name="Cumartesi mesaisi")
    closure = calendar_override_create(actor=director, date=D(2026, 3, 28), kind=CLOSURE, name="İdari izin")
    assert closure.pk


def test_create_blank_name_is_rejected(director):
    with pytest.raises(RuleViolation) as excinfo:
        calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="   ")
    assert excinfo.value.field == "name"


def test_update_changes_fields_and_audits_only_the_difference(director):
    override = calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="Ek tatil")
    calendar_override_update(override=override, actor=director, date=D(2026, 4, 7), name="Ek tatil (düzeltildi)")
    override.refresh_from_db()
    assert override.date == D(2026, 4, 7)
    event = AuditLog.objects.get(action="calendar_override.update")
    assert event.before == {"date": "2026-04-06", "name": "Ek tatil"}
    assert event.after == {"date": "2026-04-07", "name": "Ek tatil (düzeltildi)"}


def test_update_without_change_writes_no_audit_row(director):
    override = calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="Ek tatil")
    calendar_override_update(override=override, actor=director, name="Ek tatil")
    assert not AuditLog.objects.filter(action="calendar_override.update").exists()


def test_update_into_a_rule_violation_changes_nothing(director):
    override = calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="Ek tatil")
    with pytest.raises(RuleViolation):
        calendar_override_update(override=override, actor=director, date=D(2026, 3, 20))  # official holiday
    override.refresh_from_db()
    assert override.date == D(2026, 4, 6)


def test_update_of_unknown_field_is_rejected(director):
    override = calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="Ek tatil")
    with pytest.raises(RuleViolation):
        calendar_override_update(override=override, actor=director, created_by=None)


def test_update_and_delete_need_their_permissions(director, make_user):
    override = calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="Ek tatil")
    staff = make_user("staff")
    with pytest.raises(PermissionDenied):
        calendar_override_update(override=override, actor=staff, name="x")
    with pytest.raises(PermissionDenied):
        calendar_override_delete(override=override, actor=staff)
    assert CalendarOverride.objects.filter(pk=override.pk, name="Ek tatil").exists()


def test_delete_removes_the_entry_and_audits_what_it_was(director):
    override = calendar_override_create(actor=director, date=D(2026, 4, 6), kind=HOLIDAY, name="Ek tatil")
    calendar_override_delete(override=override, actor=director)
    assert not CalendarOverride.objects.exists()
    event = AuditLog.objects.get(action="calendar_override.delete")
    assert event.before["name"] == "Ek tatil" and event.after is None
    assert calendar.is_working_day(D(2026, 4, 6))
    assert audit_chain_verify()[1] is None
