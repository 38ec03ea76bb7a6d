"""The Turkish working calendar and legal deadline arithmetic (legal-tr.md §2.4–2.6).

* Official holidays: the ``holidays`` package, PUBLIC category only, so arife half days (and the
  28 October afternoon) count as working days for legal periods. The HALF_DAY category is used for
  display only ("closes 13:00").
* ``CalendarOverride`` rows correct the official table: HOLIDAY adds a full-day holiday (it stops legal
  deadlines), WORKING_DAY declares a day a working day (it wins over the official table and the
  weekend).
* Administrative closures (idari izin) close the offices but do not stop legal deadlines: they only
  matter for ``is_office_open`` (service levels, "office closed" warnings).
* Working-day periods count from the day after the start date: the due date is the N-th working day
  after ``start``.
* Calendar-day periods add N days; a last day that is not a working day rolls forward to the next
  working day (İYUK md. 8 by analogy). The un-rolled date is kept as ``nominal_date`` for alerts.

All arithmetic goes through ``WorkingCalendar``, which loads the override table one batch of years at
a time (one query per batch). The module-level functions build a fresh calendar per call.
"""

import datetime as dt
import enum
import functools
from dataclasses import dataclass

import holidays
from django.utils import translation
from django.utils.translation import gettext_lazy as _

WEEKEND = frozenset({5, 6})  # Saturday, Sunday
MIN_PERIOD_DAYS = 1
MAX_PERIOD_DAYS = 3660
# The holidays package tabulates Turkey from 1936; its Islamic calendar ends before 2100.
MIN_YEAR = 1936
MAX_YEAR = 2099


class PeriodKind(enum.StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


# Shortcuts for the statutory periods (`--basis`). Each is (days, kind).
BASES: dict[str, tuple[int, PeriodKind]] = {
    "3071": (30, PeriodKind.CALENDAR),  # Dilekçe Kanunu md. 7: 30 days
    "4982": (15, PeriodKind.WORKING),  # Bilgi Edinme Hakkı Kanunu md. 11: 15 iş günü
    "4982-extended": (30, PeriodKind.WORKING),  # md. 11/2: 30 iş günü with written notice before day 15
}


class PeriodError(ValueError):
    """Bad deadline input. ``message`` is translatable (English source); ``turkish`` is for the command line,
    which prints both languages whatever the locale."""

    def __init__(self, message, turkish: str, field: str | None = None, **params):
        self.message = message.format(**params) if params else message
        self.turkish = turkish.format(**params) if params else turkish
        self.english = self._english(message, params)
        self.field = field
        super().__init__(self.english)

    @staticmethod
    def _english(message, params) -> str:
        with translation.override("en"):
            text = str(message)
        return text.format(**params) if params else text

    def bilingual(self) -> str:
        return f"{self.turkish} / {self.english}"


def _error(key: str, field: str | None = None, **params) -> PeriodError:
    message, turkish = _MESSAGES[key]
    return PeriodError(message, turkish, field=field, **params)


_MESSAGES = {
    "days_range": (
        _("The number of days must be a whole number between {low} and {high}."),
        "Gün sayısı {low} ile {high} arasında bir tam sayı olmalıdır.",
    ),
    "start_format": (
        _("The start date must be a valid date written as YYYY-MM-DD."),
        "Başlangıç tarihi YYYY-AA-GG biçiminde geçerli bir tarih olmalıdır.",
    ),
    "start_missing": (_("The start date is required."), "Başlangıç tarihi zorunludur."),
    "year_range": (
        _("Dates must fall between the years {low} and {high}."),
        "Tarihler {low} ile {high} yılları arasında olmalıdır.",
    ),
    "kind": (
        _("The kind must be 'working' (working days) or 'calendar' (calendar days)."),
        "Tür 'working' (iş günü) ya da 'calendar' (takvim günü) olmalıdır.",
    ),
    "basis": (
        _("Unknown legal basis {basis}; use one of {choices}."),
        "Bilinmeyen yasal dayanak {basis}; şunlardan birini kullanın: {choices}.",
    ),
    "incomplete": (
        _("Give the number of days and the kind, or a legal basis."),
        "Gün sayısını ve türü ya da yasal dayanağı girin.",
    ),
    "conflict_days": (
        _("{days} days contradicts the basis {basis}, which gives {basis_days} days."),
        "{days} gün, {basis_days} gün öngören {basis} dayanağıyla çelişiyor.",
    ),
    "conflict_kind": (
        _("The kind '{kind}' contradicts the basis {basis}, which counts '{basis_kind}' days."),
        "'{kind}' türü, '{basis_kind}' günü sayan {basis} dayanağıyla çelişiyor.",
    ),
}


# --- the official table (cached per year) -------------------------------------------------------------
def display_language() -> str:
    return "en_US" if (translation.get_language() or "tr").startswith("en") else "tr"


@functools.lru_cache(maxsize=256)
def _official(year: int, category: str = holidays.PUBLIC, language: str = "tr") -> dict[dt.date, str]:
    if year < MIN_YEAR or year > MAX_YEAR:
        return {}
    cal = holidays.country_holidays("TR", years=year, categories=(category,), language=language)
    return dict(cal.items())


def official_holiday_name(day: dt.date, language: str = "tr") -> str | None:
    """The library's full-day (PUBLIC) holiday on ``day``, ignoring overrides."""
    return _official(day.year, holidays.PUBLIC, language).get(day)


def half_day_name(day: dt.date, language: str = "tr") -> str | None:
    """The library's HALF_DAY entry (arife, 28 October): display only, it never moves a deadline."""
    return _official(day.year, holidays.HALF_DAY, language).get(day)


def _check_year(day: dt.date) -> None:
    if day.year < MIN_YEAR or day.year > MAX_YEAR:
        raise _error("year_range", field="start", low=MIN_YEAR, high=MAX_YEAR)


def _check_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or days < MIN_PERIOD_DAYS or days > MAX_PERIOD_DAYS:
        raise _error("days_range", field="days", low=MIN_PERIOD_DAYS, high=MAX_PERIOD_DAYS)


@dataclass(frozen=True)
class CalendarDay:
    """One notable day for display: an official or added holiday, a half day, a correction or a closure."""

    date: dt.date
    name: str
    holiday: bool  # a full-day holiday (stops legal deadlines)
    half_day: bool = False  # offices close at 13:00 (display only)
    closure: bool = False  # administrative closure (offices closed, legal deadlines run)
    corrected: bool = False  # an official holiday cancelled by a WORKING_DAY override
    override_id: int | None = None
    override_kind: str = ""

    @property
    def weekday(self) -> int:
        return self.date.weekday()


class WorkingCalendar:
    """Official holidays plus the override table, loaded lazily by year (one query per batch of years).

    ``use_overrides=False`` gives the bare official calendar (used when the database is not ready).
    ``rows`` replaces the override table by the given ``(date, kind, name)`` tuples (no database access):
    for what-if calculations and tests.
    """

    def __init__(self, *, use_overrides: bool = True, rows=None):
        self.use_overrides = use_overrides and rows is None
        self._years: set[int] = set()
        self._holidays: dict[dt.date, tuple[str, int | None]] = {}
        self._working: dict[dt.date, tuple[str, int | None]] = {}
        self._closures: dict[dt.date, tuple[str, int | None]] = {}
        for day, kind, name in rows or ():
            self._add(day, kind, name, None)

    def _add(self, day: dt.date, kind: str, name: str, pk: int | None) -> None:
        from .models import CalendarOverrideKind

        if kind == CalendarOverrideKind.HOLIDAY:
            self._holidays[day] = (name, pk)
        elif kind == CalendarOverrideKind.WORKING_DAY:
            self._working[day] = (name, pk)
        elif kind == CalendarOverrideKind.ADMINISTRATIVE_CLOSURE:
            self._closures[day] = (name, pk)
        else:
            raise ValueError(f"unknown calendar override kind {kind!r}")

    # -- loading ------------------------------------------------------------------------------------
    def load(self, first: dt.date, last: dt.date) -> None:
        """Make sure the overrides of every year from ``first`` to ``last`` are loaded (one query)."""
        years = [y for y in range(first.year, last.year + 1) if y not in self._years]
        if not years:
            return
        self._years.update(years)
        if not self.use_overrides:
            return
        from .models import CalendarOverride

        rows = CalendarOverride.objects.filter(
            date__gte=dt.date(years[0], 1, 1), date__lte=dt.date(years[-1], 12, 31)
        ).values_list("date", "kind", "name", "pk")
        for day, kind, name, pk in rows:
            if day.year in years:
                self._add(day, kind, name, pk)

    def _ensure(self, day: dt.date) -> None:
        if day.year not in self._years:
            self.load(day, day)

    # -- single days --------------------------------------------------------------------------------
    def holiday_name(self, day: dt.date, language: str = "tr") -> str | None:
        """The full-day holiday on ``day`` (override or official), or None (also None when corrected)."""
        self._ensure(day)
        if day in self._working:
            return None
        if day in self._holidays:
            return self._holidays[day][0]
        return official_holiday_name(day, language)

    def is_working_day(self, day: dt.date) -> bool:
        """A legal working day: a WORKING_DAY override, or Monday–Friday that is not a full-day holiday.
        Arife half days are working days; administrative closures do not matter here."""
        self._ensure(day)
        if day in self._working:
            return True
        if day.weekday() in WEEKEND:
            return False
        return self.holiday_name(day) is None

    def closure_name(self, day: dt.date) -> str | None:
        self._ensure(day)
        entry = self._closures.get(day)
        return entry[0] if entry else None

    def is_office_open(self, day: dt.date) -> bool:
        """Offices are open: a working day that is not an administrative closure."""
        return self.is_working_day(day) and self.closure_name(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        self.load(day, day + dt.timedelta(days=30))
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    # -- periods ------------------------------------------------------------------------------------
    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (the start day itself is not counted)."""
        _check_days(days)
        _check_year(start)
        self.load(start, start + dt.timedelta(days=days * 2 + 30))
        day, counted = start, 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        _check_year(day)
        return day

    def add_calendar_days(self, start: dt.date, days: int) -> dt.date:
        """``start + days``, rolled forward to the next working day if it is a weekend or a holiday."""
        return self.next_working_day(self.nominal_date(start, days))

    @staticmethod
    def nominal_date(start: dt.date, days: int) -> dt.date:
        """``start + days`` without any roll-forward (the date overdue alerts are raised against)."""
        _check_days(days)
        _check_year(start)
        end = start + dt.timedelta(days=days)
        _check_year(end)
        return end

    def due_date(self, start: dt.date, days: int, kind: "PeriodKind | str") -> dt.date:
        kind = parse_kind(kind)
        if kind == PeriodKind.WORKING:
            return self.add_working_days(start, days)
        return self.add_calendar_days(start, days)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in [start, end], both ends included."""
        if end < start:
            return 0
        self.load(start, end)
        return sum(1 for n in range((end - start).days + 1) if self.is_working_day(start + dt.timedelta(days=n)))

    # -- display ------------------------------------------------------------------------------------
    def days_in(self, start: dt.date, end: dt.date, language: str | None = None) -> list[CalendarDay]:
        """Every notable day in [start, end]: full-day holidays, half days, corrections and closures."""
        language = language or display_language()
        self.load(start, end)
        result = []
        for n in range((end - start).days + 1):
            day = start + dt.timedelta(days=n)
            official = official_holiday_name(day, language)
            half = half_day_name(day, language)
            if day in self._working:
                name, pk = self._working[day]
                result.append(
                    CalendarDay(
                        day,
                        name,
                        holiday=False,
                        corrected=official is not None,
                        override_id=pk,
                        override_kind="working_day",
                    )
                )
            elif day in self._holidays:
                name, pk = self._holidays[day]
                result.append(CalendarDay(day, name, holiday=True, override_id=pk, override_kind="holiday"))
            elif official:
                result.append(CalendarDay(day, official, holiday=True))
            elif half:
                result.append(CalendarDay(day, half, holiday=False, half_day=True))
            if day in self._closures:
                name, pk = self._closures[day]
                result.append(
                    CalendarDay(day, name, holiday=False, closure=True, override_id=pk, override_kind="closure")
                )
        return result

    def holidays_in(self, start: dt.date, end: dt.date, language: str = "tr") -> list[tuple[dt.date, str]]:
        """Full-day holidays (overrides applied) in [start, end]."""
        self.load(start, end)
        result = []
        for n in range((end - start).days + 1):
            day = start + dt.timedelta(days=n)
            name = self.holiday_name(day, language)
            if name:
                result.append((day, name))
        return result


# --- input parsing shared by the command, the API and the form ---------------------------------------
def parse_kind(value: "PeriodKind | str") -> PeriodKind:
    try:
        return PeriodKind(value)
    except ValueError:
        raise _error("kind", field="kind") from None


def parse_start(value: "dt.date | str | None") -> dt.date:
    if value is None or value == "":
        raise _error("start_missing", field="start")
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise _error("start_format", field="start") from None
        if len(str(value).strip()) != 10:  # fromisoformat also takes 20260316; insist on YYYY-MM-DD
            raise _error("start_format", field="start")
    _check_year(day)
    return day


def parse_days(value: "int | str") -> int:
    try:
        days = int(str(value).strip())
    except ValueError:
        raise _error("days_range", field="days", low=MIN_PERIOD_DAYS, high=MAX_PERIOD_DAYS) from None
    _check_days(days)
    return days


@dataclass(frozen=True)
class Period:
    start: dt.date
    days: int
    kind: PeriodKind
    basis: str = ""


def resolve_period(start, days=None, kind=None, basis=None) -> Period:
    """Check and combine the inputs. A basis gives days and kind; explicit values must agree with it."""
    start = parse_start(start)
    days = None if days is None or days == "" else parse_days(days)
    kind = None if kind is None or kind == "" else parse_kind(kind)
    basis = basis or ""
    if basis:
        if basis not in BASES:
            raise _error("basis", field="basis", basis=basis, choices=", ".join(sorted(BASES)))
        basis_days, basis_kind = BASES[basis]
        if days is not None and days != basis_days:
            raise _error("conflict_days", field="days", days=days, basis=basis, basis_days=basis_days)
        if kind is not None and kind != basis_kind:
            raise _error("conflict_kind", field="kind", kind=kind.value, basis=basis, basis_kind=basis_kind.value)
        days, kind = basis_days, basis_kind
    if days is None or kind is None:
        raise _error("incomplete")
    return Period(start, days, kind, basis)


@dataclass(frozen=True)
class Deadline:
    start: dt.date
    days: int
    kind: PeriodKind
    basis: str
    due_date: dt.date
    nominal_date: dt.date  # the last day before any roll-forward (equals due_date for working-day periods)


def deadline(period: Period, cal: WorkingCalendar | None = None) -> Deadline:
    cal = cal or WorkingCalendar()
    due = cal.due_date(period.start, period.days, period.kind)
    nominal = due if period.kind == PeriodKind.WORKING else cal.nominal_date(period.start, period.days)
    return Deadline(period.start, period.days, period.kind, period.basis, due, nominal)


# --- module-level shortcuts (a fresh calendar per call, so overrides are always current) --------------
def holiday_name(day: dt.date, cal: WorkingCalendar | None = None) -> str | None:
    return (cal or WorkingCalendar()).holiday_name(day)


def is_working_day(day: dt.date, cal: WorkingCalendar | None = None) -> bool:
    return (cal or WorkingCalendar()).is_working_day(day)


def is_office_open(day: dt.date, cal: WorkingCalendar | None = None) -> bool:
    return (cal or WorkingCalendar()).is_office_open(day)


def next_working_day(day: dt.date, cal: WorkingCalendar | None = None) -> dt.date:
    return (cal or WorkingCalendar()).next_working_day(day)


def add_working_days(start: dt.date, days: int, cal: WorkingCalendar | None = None) -> dt.date:
    return (cal or WorkingCalendar()).add_working_days(start, days)


def add_calendar_days(start: dt.date, days: int, cal: WorkingCalendar | None = None) -> dt.date:
    return (cal or WorkingCalendar()).add_calendar_days(start, days)


def due_date(start: dt.date, days: int, kind: PeriodKind | str, cal: WorkingCalendar | None = None) -> dt.date:
    return (cal or WorkingCalendar()).due_date(start, days, kind)


def due_date_for_basis(start: dt.date, basis: str, cal: WorkingCalendar | None = None) -> dt.date:
    return deadline(resolve_period(start, basis=basis), cal).due_date


def working_days_between(start: dt.date, end: dt.date, cal: WorkingCalendar | None = None) -> int:
    return (cal or WorkingCalendar()).working_days_between(start, end)


def holidays_in(start: dt.date, end: dt.date, cal: WorkingCalendar | None = None) -> list[tuple[dt.date, str]]:
    """Full-day holidays (with overrides applied) in [start, end], for display."""
    return (cal or WorkingCalendar()).holidays_in(start, end)
