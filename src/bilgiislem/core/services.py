"""Writes of the core app: the working-calendar override table (audited)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import calendar
from .audit import audit_record, changed_fields, snapshot
from .exceptions import RuleViolation
from .models import CalendarOverride, CalendarOverrideKind

_EDITABLE = ("date", "kind", "name", "source")


def _check_override(*, date: dt.date, kind: str, name: str, exclude_pk: int | None = None) -> None:
    """The rules of one override day, judged against the official table and the other overrides."""
    if kind not in CalendarOverrideKind.values:
        raise RuleViolation(_("Unknown kind of calendar entry."), field="kind")
    if not name.strip():
        raise RuleViolation(_("Give the entry a name."), field="name")
    if date.year < calendar.MIN_YEAR or date.year > calendar.MAX_YEAR:
        raise RuleViolation(
            _("The date must fall between the years {low} and {high}.").format(
                low=calendar.MIN_YEAR, high=calendar.MAX_YEAR
            ),
            field="date",
        )
    others = set(CalendarOverride.objects.filter(date=date).exclude(pk=exclude_pk).values_list("kind", flat=True))
    if kind in others:
        raise RuleViolation(_("There is already an entry of this kind on that day."), field="date")
    official = calendar.official_holiday_name(date)
    weekend = date.weekday() in calendar.WEEKEND
    if kind == CalendarOverrideKind.HOLIDAY:
        if CalendarOverrideKind.WORKING_DAY in others:
            raise RuleViolation(_("That day is declared a working day; remove that entry first."), field="date")
        if official:
            raise RuleViolation(
                _("That day is already an official holiday ({name}).").format(name=official), field="date"
            )
    elif kind == CalendarOverrideKind.WORKING_DAY:
        if CalendarOverrideKind.HOLIDAY in others:
            raise RuleViolation(_("That day is entered as a holiday; remove that entry first."), field="date")
        if not official and not weekend:
            raise RuleViolation(
                _("That day is already a working day; a working-day correction is only for holidays and weekends."),
                field="kind",
            )
    else:  # administrative closure
        if CalendarOverrideKind.HOLIDAY in others or (
            (official or weekend) and CalendarOverrideKind.WORKING_DAY not in others
        ):
            raise RuleViolation(
                _("Offices are closed on that day anyway; a closure is only for working days."), field="date"
            )


@transaction.atomic
def calendar_override_create(*, actor, date: dt.date, kind: str, name: str, source: str = "") -> CalendarOverride:
    """Add a holiday, a working-day correction or an administrative closure to the calendar."""
    if not actor.has_perm("core.add_calendaroverride"):
        raise PermissionDenied
    _check_override(date=date, kind=kind, name=name)
    override = CalendarOverride.objects.create(
        date=date, kind=kind, name=name.strip(), source=source.strip(), created_by=actor
    )
    audit_record(actor=actor, action="calendar_override.create", obj=override, after=snapshot(override))
    return override


@transaction.atomic
def calendar_override_update(*, override: CalendarOverride, actor, **fields) -> CalendarOverride:
    if not actor.has_perm("core.change_calendaroverride"):
        raise PermissionDenied
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise RuleViolation(_("These fields cannot be changed: {fields}").format(fields=", ".join(sorted(unknown))))
    override = CalendarOverride.objects.select_for_update().get(pk=override.pk)
    before = snapshot(override, fields=list(_EDITABLE))
    for key, value in fields.items():
        setattr(override, key, value.strip() if isinstance(value, str) and key in {"name", "source"} else value)
    _check_override(date=override.date, kind=override.kind, name=override.name, exclude_pk=override.pk)
    override.save(update_fields=[*fields, "updated_at"])
    b, a = changed_fields(before, snapshot(override, fields=list(_EDITABLE)))
    if a:
        audit_record(actor=actor, action="calendar_override.update", obj=override, before=b, after=a)
    return override


@transaction.atomic
def calendar_override_delete(*, override: CalendarOverride, actor) -> None:
    if not actor.has_perm("core.delete_calendaroverride"):
        raise PermissionDenied
    override = CalendarOverride.objects.select_for_update().get(pk=override.pk)
    before = snapshot(override)
    audit_record(actor=actor, action="calendar_override.delete", obj=override, before=before)
    override.delete()
