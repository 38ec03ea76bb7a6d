"""Reads of the core app: the calendar screens, the audit log and the home page."""

import datetime as dt
import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import calendar
from .models import AuditLog, CalendarOverride

AUDIT_PAGE_SIZE = 50
UPCOMING_DAYS = 60


# --- calendar ---------------------------------------------------------------------------------------
def calendar_year_days(*, year: int) -> list[calendar.CalendarDay]:
    """Every notable day of ``year``: official and added holidays, half days, corrections, closures."""
    return calendar.WorkingCalendar().days_in(dt.date(year, 1, 1), dt.date(year, 12, 31))


def calendar_override_list(*, user, year: int | None = None):
    if not user.has_perm("core.view_calendaroverride"):
        raise PermissionDenied
    qs = CalendarOverride.objects.select_related("created_by")
    if year is not None:
        qs = qs.filter(date__year=year)
    return qs.order_by("date", "kind")


def calendar_override_get(*, user, pk: int) -> CalendarOverride:
    if not user.has_perm("core.view_calendaroverride"):
        raise PermissionDenied
    return get_object_or_404(CalendarOverride, pk=pk)


@dataclass(frozen=True)
class Today:
    date: dt.date
    is_working_day: bool
    is_office_open: bool
    holiday: str | None
    closure: str | None
    half_day: str | None
    upcoming: list[calendar.CalendarDay]


def calendar_today(*, days: int = UPCOMING_DAYS, today: dt.date | None = None) -> Today:
    """Today's status and the notable days of the next ``days`` days (one query for the overrides)."""
    today = today or timezone.localdate()
    cal = calendar.WorkingCalendar()
    end = today + dt.timedelta(days=days)
    cal.load(today, end)
    language = calendar.display_language()
    upcoming = [d for d in cal.days_in(today + dt.timedelta(days=1), end, language)]
    return Today(
        date=today,
        is_working_day=cal.is_working_day(today),
        is_office_open=cal.is_office_open(today),
        holiday=cal.holiday_name(today, language),
        closure=cal.closure_name(today),
        half_day=calendar.half_day_name(today, language) if cal.is_working_day(today) else None,
        upcoming=upcoming,
    )


# --- audit log --------------------------------------------------------------------------------------
@dataclass
class AuditPage:
    rows: list[AuditLog]
    next_cursor: int | None = None  # pass as ?before= for older events
    prev_cursor: int | None = None  # pass as ?after= for newer events
    filters: dict = field(default_factory=dict)


def _audit_filtered(filters: dict):
    qs = AuditLog.objects.all()
    if filters.get("actor"):
        qs = qs.filter(actor_id=filters["actor"].pk if hasattr(filters["actor"], "pk") else filters["actor"])
    if filters.get("action"):
        qs = qs.filter(action__startswith=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        qs = qs.filter(created_at__gte=dt.datetime.combine(filters["date_from"], dt.time.min, tzinfo=tz))
    if filters.get("date_to"):
        end = filters["date_to"] + dt.timedelta(days=1)
        qs = qs.filter(created_at__lt=dt.datetime.combine(end, dt.time.min, tzinfo=tz))
    if filters.get("q"):
        text = filters["q"].strip()
        qs = qs.filter(Q(object_repr__icontains=text) | Q(object_id=text))
    return qs


def audit_list(
    *, user, filters: dict, before: int | None = None, after: int | None = None, limit: int = AUDIT_PAGE_SIZE
) -> AuditPage:
    """One page of audit events, newest first, paged by ``seq`` (keyset: no COUNT, no OFFSET)."""
    if not user.has_perm("core.view_auditlog"):
        raise PermissionDenied
    qs = _audit_filtered(filters)
    if after is not None and before is None:
        rows = list(qs.filter(seq__gt=after).order_by("seq")[: limit + 1])
        newer_exists = len(rows) > limit
        rows = list(reversed(rows[:limit]))
        older_exists = bool(rows) and qs.filter(seq__lt=rows[-1].seq).exists()
    else:
        page_qs = qs.filter(seq__lt=before) if before is not None else qs
        rows = list(page_qs.order_by("-seq")[: limit + 1])
        older_exists = len(rows) > limit
        rows = rows[:limit]
        newer_exists = before is not None and bool(rows) and qs.filter(seq__gt=rows[0].seq).exists()
    return AuditPage(
        rows=rows,
        next_cursor=rows[-1].seq if rows and older_exists else None,
        prev_cursor=rows[0].seq if rows and newer_exists else None,
        filters=filters,
    )


def audit_get(*, user, seq: int) -> AuditLog:
    if not user.has_perm("core.view_auditlog"):
        raise PermissionDenied
    return get_object_or_404(AuditLog, seq=seq)


@dataclass(frozen=True)
class DiffLine:
    key: str
    before: str
    after: str
    change: str  # "added", "removed", "changed" or "same"
    segments: tuple = ()  # for changed text: (("equal"|"delete"|"insert", text), ...)


_MISSING = object()


def _show(value: Any) -> str:
    if value is _MISSING:
        return ""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _word_diff(old: str, new: str) -> tuple:
    a, b = old.split(" "), new.split(" ")
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                segments.append(("delete", " ".join(a[i1:i2])))
            if j2 > j1:
                segments.append(("insert", " ".join(b[j1:j2])))
    return tuple(segments)


def audit_diff(event: AuditLog) -> list[DiffLine]:
    """The before/after payloads of an event as one line per field, with word-level diffs for text."""
    before = event.before if isinstance(event.before, dict) else ({} if event.before is None else {"": event.before})
    after = event.after if isinstance(event.after, dict) else ({} if event.after is None else {"": event.after})
    lines = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        if old is _MISSING:
            change = "added"
        elif new is _MISSING:
            change = "removed"
        elif old == new:
            change = "same"
        else:
            change = "changed"
        segments = _word_diff(old, new) if change == "changed" and isinstance(old, str) and isinstance(new, str) else ()
        lines.append(DiffLine(key, _show(old), _show(new), change, segments))
    return lines
