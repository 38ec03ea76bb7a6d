"""The Turkish working calendar and legal deadline arithmetic (legal-tr.md §2.5).

* Official holidays: the ``holidays`` package, PUBLIC category only (arife half days count as working
  days for legal periods), corrected by ``CalendarOverride`` rows (HOLIDAY / WORKING_DAY).
* Administrative closures (idari izin) close the offices but do not stop legal deadlines; they only
  matter for ``is_office_open`` (service levels, "office closed" warnings).
* Working-day periods count from the day after the start date.
* Calendar-day periods add days and roll a last day that is not a working day forward.
"""

import datetime as dt
import enum
import functools

import holidays

from .models import CalendarOverride, CalendarOverrideKind

WEEKEND = frozenset({5, 6})  # Saturday, Sunday
MAX_PERIOD_DAYS = 3660


class PeriodKind(enum.StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


# Shortcuts for the statutory periods (`--basis`). Each is (days, kind).
BASES: dict[str, tuple[int, PeriodKind]] = {
    "3071": (30, PeriodKind.CALENDAR),  # Dilekçe Kanunu md. 7: 30 days
    "4982": (15, PeriodKind.WORKING),  # Bilgi Edinme Hakkı Kanunu md. 11: 15 iş günü
    "4982-extended": (30, PeriodKind.WORKING),  # md. 11/2: 30 iş günü with written notice before day 15
}


@functools.lru_cache(maxsize=64)
def _official(year: int) -> dict[dt.date, str]:
    cal = holidays.country_holidays("TR", years=year, categories=(holidays.PUBLIC,), language="tr")
    return dict(cal.items())


class Overrides:
    """The override table for a date range, loaded once per calculation."""

    def __init__(self, start: dt.date, end: dt.date):
        rows = CalendarOverride.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind", "name")
        self.holidays: dict[dt.date, str] = {}
        self.working: set[dt.date] = set()
        self.closures: dict[dt.date, str] = {}
        for day, kind, name in rows:
            if kind == CalendarOverrideKind.HOLIDAY:
                self.holidays[day] = name
            elif kind == CalendarOverrideKind.WORKING_DAY:
                self.working.add(day)
            else:
                self.closures[day] = name


def holiday_name(day: dt.date, overrides: Overrides | None = None) -> str | None:
    overrides = overrides or Overrides(day, day)
    if day in overrides.working:
        return None
    return overrides.holidays.get(day) or _official(day.year).get(day)


def is_working_day(day: dt.date, overrides: Overrides | None = None) -> bool:
    """A legal working day: Monday–Friday and not an official holiday (administrative closures do not count)."""
    overrides = overrides or Overrides(day, day)
    if day in overrides.working:
        return True
    if day.weekday() in WEEKEND:
        return False
    return holiday_name(day, overrides) is None


def is_office_open(day: dt.date, overrides: Overrides | None = None) -> bool:
    """Offices are open: a working day that is not an administrative closure."""
    overrides = overrides or Overrides(day, day)
    return is_working_day(day, overrides) and day not in overrides.closures


def _check(days: int) -> None:
    if days < 0 or days > MAX_PERIOD_DAYS:
        raise ValueError(f"days must be between 0 and {MAX_PERIOD_DAYS}")


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (the start day itself is not counted)."""
    _check(days)
    overrides = Overrides(start, start + dt.timedelta(days=days * 3 + 60))
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, overrides):
            counted += 1
    return day


def next_working_day(day: dt.date, overrides: Overrides | None = None) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    overrides = overrides or Overrides(day, day + dt.timedelta(days=60))
    while not is_working_day(day, overrides):
        day += dt.timedelta(days=1)
    return day


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    """``start + days``, rolled forward to the next working day if it falls on a weekend or holiday."""
    _check(days)
    end = start + dt.timedelta(days=days)
    return next_working_day(end, Overrides(end, end + dt.timedelta(days=60)))


def due_date(start: dt.date, days: int, kind: PeriodKind | str) -> dt.date:
    kind = PeriodKind(kind)
    return add_working_days(start, days) if kind == PeriodKind.WORKING else add_calendar_days(start, days)


def due_date_for_basis(start: dt.date, basis: str) -> dt.date:
    days, kind = BASES[basis]
    return due_date(start, days, kind)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in [start, end], both ends included."""
    if end < start:
        return 0
    overrides = Overrides(start, end)
    return sum(1 for n in range((end - start).days + 1) if is_working_day(start + dt.timedelta(days=n), overrides))


def holidays_in(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Official holidays (with overrides applied) in [start, end], for display."""
    overrides = Overrides(start, end)
    result = []
    for n in range((end - start).days + 1):
        day = start + dt.timedelta(days=n)
        name = holiday_name(day, overrides)
        if name:
            result.append((day, name))
    return result
