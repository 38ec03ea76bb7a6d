"""The working calendar and legal deadline arithmetic (legal-tr.md §2.4–2.6, quality-bars.md R9)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilgiislem.core import calendar
from bilgiislem.core.calendar import PeriodKind, WorkingCalendar
from bilgiislem.core.models import CalendarOverride, CalendarOverrideKind

D = dt.date
OFFICIAL = WorkingCalendar(use_overrides=False)  # no database: the library's PUBLIC table only


def official(**kwargs) -> WorkingCalendar:
    return WorkingCalendar(use_overrides=False, **kwargs)


# --- the worked examples of the spec ----------------------------------------------------------------
def test_working_days_worked_example_4982_is_7_april_2026():
    # GIVEN a 4982 request registered Monday 16.03.2026 (Ramazan Bayramı 20–22.03, arife 19.03)
    # WHEN 15 working days are counted from the next day
    # THEN the due date is 07.04.2026
    assert official().add_working_days(D(2026, 3, 16), 15) == D(2026, 4, 7)


def test_working_days_across_kurban_bayrami_skip_the_holidays():
    assert official().add_working_days(D(2026, 5, 20), 10) == D(2026, 6, 8)


def test_working_days_count_16_to_24_march_2026_is_six():
    assert official().working_days_between(D(2026, 3, 16), D(2026, 3, 24)) == 6


@pytest.mark.parametrize(
    "day",
    [D(2026, 3, 19), D(2026, 5, 26), D(2026, 10, 28), D(2025, 6, 5), D(2027, 3, 8)],
    ids=["ramazan-arife-2026", "kurban-arife-2026", "28-october-2026", "kurban-arife-2025", "ramazan-arife-2027"],
)
def test_is_working_day_on_arife_half_days_is_true(day):
    assert official().is_working_day(day)


def test_period_ending_on_arife_counts_the_arife_as_a_working_day():
    # 18.03.2026 (Wed) + 1 working day = 19.03.2026, the Ramazan arife
    assert official().add_working_days(D(2026, 3, 18), 1) == D(2026, 3, 19)
    # 25.05.2026 (Mon) + 1 working day = 26.05.2026, the Kurban arife; + 2 jumps over the bayram
    assert official().add_working_days(D(2026, 5, 25), 1) == D(2026, 5, 26)
    assert official().add_working_days(D(2026, 5, 25), 2) == D(2026, 6, 1)


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 1, 1),
        D(2026, 3, 20),
        D(2026, 4, 23),
        D(2026, 5, 1),
        D(2026, 5, 19),
        D(2026, 5, 27),
        D(2026, 5, 29),
        D(2026, 7, 15),
        D(2026, 10, 29),
    ],
)
def test_is_working_day_on_official_holiday_is_false(day):
    assert not official().is_working_day(day)


def test_holiday_on_a_weekend_is_not_moved_to_monday():
    # 30.08.2026 (Zafer Bayramı) is a Sunday: Monday 31.08 stays a working day
    assert official().holiday_name(D(2026, 8, 30)) == "Zafer Bayramı"
    assert official().is_working_day(D(2026, 8, 31))


# --- calendar-day periods roll forward --------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "nominal", "due"),
    [
        (D(2026, 1, 1), D(2026, 1, 31), D(2026, 2, 2)),  # ends on a Saturday -> Monday
        (D(2026, 1, 2), D(2026, 2, 1), D(2026, 2, 2)),  # ends on a Sunday -> Monday
        (D(2026, 9, 29), D(2026, 10, 29), D(2026, 10, 30)),  # ends on 29 October -> Friday 30.10
        (D(2026, 4, 27), D(2026, 5, 27), D(2026, 6, 1)),  # ends in Kurban Bayramı (27–30.05, then Sunday)
        (D(2026, 4, 26), D(2026, 5, 26), D(2026, 5, 26)),  # ends on the arife: a working day, no roll
        (D(2026, 9, 28), D(2026, 10, 28), D(2026, 10, 28)),  # ends on the 28 October half day: no roll
        (D(2026, 2, 16), D(2026, 3, 18), D(2026, 3, 18)),  # an ordinary Wednesday
    ],
)
def test_calendar_period_of_30_days_rolls_forward_to_working_day(start, nominal, due):
    cal = official()
    assert cal.nominal_date(start, 30) == nominal
    assert cal.add_calendar_days(start, 30) == due


def test_calendar_period_ending_on_1_january_rolls_to_2_january():
    # 02.12.2025 + 30 days = 01.01.2026 (Thursday, Yılbaşı) -> Friday 02.01.2026
    assert official().add_calendar_days(D(2025, 12, 2), 30) == D(2026, 1, 2)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2025, 12, 31), 1, D(2026, 1, 2)),  # 1 January is a holiday
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # Friday 1 January 2027 is a holiday, then the weekend
        (D(2026, 12, 24), 5, D(2026, 12, 31)),  # 25, 28, 29, 30, 31 December: 31 December is a working day
        (D(2026, 12, 24), 6, D(2027, 1, 4)),  # ... and the 6th is Monday 4 January 2027
    ],
)
def test_working_days_over_the_year_end_skip_new_years_day(start, days, due):
    assert official().add_working_days(start, days) == due


def test_working_days_from_a_weekend_start_count_from_monday():
    # Saturday 21.03.2026 (still in the bayram): the first working day after it is Monday 23.03
    assert official().add_working_days(D(2026, 3, 21), 1) == D(2026, 3, 23)


def test_due_date_dispatches_on_kind():
    cal = official()
    assert cal.due_date(D(2026, 3, 16), 15, PeriodKind.WORKING) == D(2026, 4, 7)
    assert cal.due_date(D(2026, 3, 16), 30, "calendar") == D(2026, 4, 15)


# --- input checks -----------------------------------------------------------------------------------
@pytest.mark.parametrize("days", [0, -1, calendar.MAX_PERIOD_DAYS + 1])
def test_add_working_days_out_of_range_raises_period_error(days):
    with pytest.raises(calendar.PeriodError) as excinfo:
        official().add_working_days(D(2026, 3, 16), days)
    assert excinfo.value.field == "days"
    assert "Gün sayısı" in excinfo.value.turkish
    assert "number of days" in excinfo.value.english


def test_start_before_1936_is_rejected():
    with pytest.raises(calendar.PeriodError):
        official().add_working_days(D(1935, 12, 31), 1)


def test_due_date_after_the_supported_range_is_rejected():
    with pytest.raises(calendar.PeriodError):
        official().add_calendar_days(D(2099, 12, 20), 30)


def test_resolve_period_basis_gives_days_and_kind():
    assert calendar.resolve_period("2026-03-16", basis="4982") == calendar.Period(
        D(2026, 3, 16), 15, PeriodKind.WORKING, "4982"
    )
    assert calendar.resolve_period("2026-03-16", basis="3071").kind == PeriodKind.CALENDAR
    assert calendar.resolve_period("2026-03-16", basis="4982-extended").days == 30


def test_resolve_period_explicit_values_agreeing_with_basis_are_accepted():
    period = calendar.resolve_period("2026-03-16", "15", "working", "4982")
    assert (period.days, period.kind) == (15, PeriodKind.WORKING)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("2026-03-16", "30", None, "4982"), "days"),
        (("2026-03-16", None, "calendar", "4982"), "kind"),
        (("2026-03-16", None, None, "5000"), "basis"),
        (("2026-03-16", "15", None, None), None),
        (("2026-03-16", None, "working", None), None),
        (("16.03.2026", "15", "working", None), "start"),
        (("20260316", "15", "working", None), "start"),
        (("2026-02-30", "15", "working", None), "start"),
        ((None, "15", "working", None), "start"),
        (("2026-03-16", "abc", "working", None), "days"),
        (("2026-03-16", "15", "weekly", None), "kind"),
    ],
)
def test_resolve_period_bad_input_raises_with_field(args, field):
    with pytest.raises(calendar.PeriodError) as excinfo:
        calendar.resolve_period(*args)
    assert excinfo.value.field == field
    assert excinfo.value.turkish and excinfo.value.english
    assert excinfo.value.turkish != excinfo.value.english


def test_deadline_nominal_date_is_the_unrolled_last_day():
    result = calendar.deadline(calendar.resolve_period("2026-01-01", 30, "calendar"), official())
    assert (result.nominal_date, result.due_date) == (D(2026, 1, 31), D(2026, 2, 2))
    working = calendar.deadline(calendar.resolve_period("2026-03-16", basis="4982"), official())
    assert working.nominal_date == working.due_date == D(2026, 4, 7)


# --- display: half days -----------------------------------------------------------------------------
def test_days_in_marks_arife_and_28_october_as_half_days():
    days = {d.date: d for d in official().days_in(D(2026, 1, 1), D(2026, 12, 31), language="tr")}
    assert days[D(2026, 3, 19)].half_day and not days[D(2026, 3, 19)].holiday
    assert "13.00" in days[D(2026, 3, 19)].name
    assert days[D(2026, 10, 28)].half_day
    assert days[D(2026, 10, 29)].holiday and not days[D(2026, 10, 29)].half_day
    assert D(2026, 3, 18) not in days
    # the 2026 list of the spec: 14 full-day holidays and 3 half days
    assert sum(d.holiday for d in days.values()) == 14
    assert sum(d.half_day for d in days.values()) == 3


def test_days_in_uses_english_names_when_asked():
    days = {d.date: d for d in official().days_in(D(2026, 10, 28), D(2026, 10, 29), language="en_US")}
    assert days[D(2026, 10, 29)].name == "Republic Day"


# --- the override table (database) ------------------------------------------------------------------
def _override(day, kind, name="x"):
    return CalendarOverride.objects.create(date=day, kind=kind, name=name)


@pytest.mark.django_db
def test_added_holiday_moves_a_working_day_deadline():
    _override(D(2026, 4, 6), CalendarOverrideKind.HOLIDAY, "Ek tatil")
    assert calendar.add_working_days(D(2026, 3, 16), 15) == D(2026, 4, 8)
    assert not calendar.is_working_day(D(2026, 4, 6))
    assert calendar.holiday_name(D(2026, 4, 6)) == "Ek tatil"


@pytest.mark.django_db
def test_added_holiday_rolls_a_calendar_deadline_forward():
    # 16.02.2026 + 30 = Wednesday 18.03.2026; a holiday on that day moves it to Thursday 19.03 (arife)
    _override(D(2026, 3, 18), CalendarOverrideKind.HOLIDAY)
    assert calendar.add_calendar_days(D(2026, 2, 16), 30) == D(2026, 3, 19)


@pytest.mark.django_db
def test_working_day_correction_cancels_an_official_holiday():
    # GIVEN the library's 20.03.2026 (Ramazan Bayramı) is declared a working day
    _override(D(2026, 3, 20), CalendarOverrideKind.WORKING_DAY, "Düzeltme")
    # THEN it counts, and the worked example ends one working day earlier
    assert calendar.is_working_day(D(2026, 3, 20))
    assert calendar.holiday_name(D(2026, 3, 20)) is None
    assert calendar.add_working_days(D(2026, 3, 16), 15) == D(2026, 4, 6)


@pytest.mark.django_db
def test_working_day_override_on_a_saturday_makes_it_count():
    _override(D(2026, 3, 28), CalendarOverrideKind.WORKING_DAY)
    assert calendar.is_working_day(D(2026, 3, 28))
    assert calendar.add_working_days(D(2026, 3, 27), 1) == D(2026, 3, 28)


@pytest.mark.django_db
def test_administrative_closure_does_not_move_a_legal_deadline_but_closes_the_office():
    # GIVEN 06.04.2026 and 07.04.2026 are administrative closures (idari izin)
    _override(D(2026, 4, 6), CalendarOverrideKind.ADMINISTRATIVE_CLOSURE, "İdari izin")
    _override(D(2026, 4, 7), CalendarOverrideKind.ADMINISTRATIVE_CLOSURE, "İdari izin")
    # THEN the 4982 deadline stays 07.04.2026 and both days remain legal working days
    assert calendar.add_working_days(D(2026, 3, 16), 15) == D(2026, 4, 7)
    assert calendar.add_calendar_days(D(2026, 3, 7), 30) == D(2026, 4, 6)
    assert calendar.is_working_day(D(2026, 4, 7))
    # but the offices are closed
    assert not calendar.is_office_open(D(2026, 4, 7))
    assert calendar.is_office_open(D(2026, 4, 8))


@pytest.mark.django_db
def test_overrides_are_loaded_in_one_query_per_batch(django_assert_num_queries):
    _override(D(2026, 4, 6), CalendarOverrideKind.HOLIDAY)
    with django_assert_num_queries(1):
        cal = WorkingCalendar()
        cal.add_working_days(D(2026, 3, 16), 15)
        cal.is_working_day(D(2026, 4, 6))


@pytest.mark.django_db
def test_days_in_lists_overrides_with_their_kind():
    _override(D(2026, 4, 6), CalendarOverrideKind.HOLIDAY, "Ek tatil")
    _override(D(2026, 3, 20), CalendarOverrideKind.WORKING_DAY, "Düzeltme")
    _override(D(2026, 4, 8), CalendarOverrideKind.ADMINISTRATIVE_CLOSURE, "İdari izin")
    days = {(d.date, d.override_kind): d for d in WorkingCalendar().days_in(D(2026, 3, 1), D(2026, 4, 30))}
    assert days[(D(2026, 4, 6), "holiday")].holiday
    assert days[(D(2026, 3, 20), "working_day")].corrected
    assert days[(D(2026, 4, 8), "closure")].closure
    assert (D(2026, 3, 21), "") in days  # the rest of the bayram is untouched


# --- properties (R9) ---------------------------------------------------------------------------------
starts = st.dates(min_value=D(2015, 1, 1), max_value=D(2034, 12, 31))
periods = st.integers(min_value=1, max_value=120)


@settings(max_examples=300, deadline=None)
@given(start=starts, days=periods)
def test_property_working_due_date_is_a_working_day_with_exactly_n_working_days(start, days):
    due = OFFICIAL.add_working_days(start, days)
    assert OFFICIAL.is_working_day(due)
    assert OFFICIAL.working_days_between(start + dt.timedelta(days=1), due) == days
    assert due > start


@settings(max_examples=200, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=119))
def test_property_working_due_date_is_strictly_monotonic_in_n(start, days):
    assert OFFICIAL.add_working_days(start, days) < OFFICIAL.add_working_days(start, days + 1)


@settings(max_examples=300, deadline=None)
@given(start=starts, days=periods)
def test_property_calendar_due_date_is_the_first_working_day_from_the_nominal_day(start, days):
    nominal = start + dt.timedelta(days=days)
    due = OFFICIAL.add_calendar_days(start, days)
    assert due >= nominal
    assert OFFICIAL.is_working_day(due)
    day = nominal
    while day < due:  # every day skipped by the roll-forward is a weekend day or a full-day holiday
        assert not OFFICIAL.is_working_day(day)
        day += dt.timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=119))
def test_property_calendar_due_date_is_monotonic_in_n(start, days):
    assert OFFICIAL.add_calendar_days(start, days) <= OFFICIAL.add_calendar_days(start, days + 1)


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)),
    days=periods,
    closures=st.sets(st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)), max_size=15),
)
def test_property_administrative_closures_never_change_a_legal_deadline(start, days, closures):
    with_closures = official(rows=[(d, CalendarOverrideKind.ADMINISTRATIVE_CLOSURE, "idari izin") for d in closures])
    assert with_closures.add_working_days(start, days) == OFFICIAL.add_working_days(start, days)
    assert with_closures.add_calendar_days(start, days) == OFFICIAL.add_calendar_days(start, days)
    assert all(not with_closures.is_office_open(d) for d in closures)


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31)),
    days=periods,
    added=st.sets(st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)), max_size=10),
)
def test_property_added_holidays_never_bring_a_deadline_earlier(start, days, added):
    with_holidays = official(rows=[(d, CalendarOverrideKind.HOLIDAY, "ek tatil") for d in added])
    due = with_holidays.add_working_days(start, days)
    assert due >= OFFICIAL.add_working_days(start, days)
    assert due not in added
    assert with_holidays.add_calendar_days(start, days) >= OFFICIAL.add_calendar_days(start, days)
