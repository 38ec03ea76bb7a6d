"""Screens of the core app: the personal home page, the working calendar, the deadline calculator and the
audit log. Views only parse input and call one service or selector."""

import contextlib
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import calendar, selectors, services
from .exceptions import RuleViolation
from .forms import AuditFilterForm, CalendarOverrideForm, DeadlineForm
from .home import work_sections


@login_required
def home(request):
    return render(
        request,
        "core/home.html",
        {"sections": work_sections(request.user), "today": selectors.calendar_today()},
    )


# --- working calendar -------------------------------------------------------------------------------
@login_required
@permission_required("core.view_calendaroverride", raise_exception=True)
def calendar_year(request, year: int | None = None):
    year = year or timezone.localdate().year
    if year < calendar.MIN_YEAR or year > calendar.MAX_YEAR:
        raise Http404
    return render(
        request,
        "core/calendar_year.html",
        {
            "year": year,
            "days": selectors.calendar_year_days(year=year),
            "overrides": selectors.calendar_override_list(user=request.user, year=year),
            "previous_year": year - 1 if year > calendar.MIN_YEAR else None,
            "next_year": year + 1 if year < calendar.MAX_YEAR else None,
        },
    )


def _form_error(form, exc: RuleViolation) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@permission_required("core.add_calendaroverride", raise_exception=True)
@require_http_methods(["GET", "POST"])
def calendar_override_create(request):
    if request.method == "POST":
        form = CalendarOverrideForm(request.POST)
        if form.is_valid():
            try:
                override = services.calendar_override_create(actor=request.user, **form.cleaned_data)
            except RuleViolation as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Calendar entry added: {entry}").format(entry=override))
                return redirect("core:calendar_year", year=override.date.year)
    else:
        initial = {}
        with contextlib.suppress(ValueError):
            initial["date"] = dt.date.fromisoformat(request.GET.get("date", ""))
        if request.GET.get("kind"):
            initial["kind"] = request.GET["kind"]
        form = CalendarOverrideForm(initial=initial)
    return render(request, "core/calendar_override_form.html", {"form": form, "override": None})


@login_required
@permission_required("core.change_calendaroverride", raise_exception=True)
@require_http_methods(["GET", "POST"])
def calendar_override_update(request, pk: int):
    override = selectors.calendar_override_get(user=request.user, pk=pk)
    if request.method == "POST":
        form = CalendarOverrideForm(request.POST, instance=selectors.calendar_override_get(user=request.user, pk=pk))
        if form.is_valid():
            try:
                override = services.calendar_override_update(
                    override=override, actor=request.user, **{f: form.cleaned_data[f] for f in form.changed_data}
                )
            except RuleViolation as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Calendar entry saved: {entry}").format(entry=override))
                return redirect("core:calendar_year", year=override.date.year)
    else:
        form = CalendarOverrideForm(instance=override)
    return render(request, "core/calendar_override_form.html", {"form": form, "override": override})


@login_required
@permission_required("core.delete_calendaroverride", raise_exception=True)
@require_http_methods(["GET", "POST"])
def calendar_override_delete(request, pk: int):
    override = selectors.calendar_override_get(user=request.user, pk=pk)
    if request.method == "POST":
        year = override.date.year
        services.calendar_override_delete(override=override, actor=request.user)
        messages.success(request, _("Calendar entry deleted: {entry}").format(entry=override))
        return redirect("core:calendar_year", year=year)
    return render(request, "core/calendar_override_confirm_delete.html", {"override": override})


@login_required
def deadline_calculator(request):
    """A GET form (the result is a shareable link); nothing is written."""
    result = None
    form = DeadlineForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            result = calendar.deadline(form.cleaned_data["period"])
        except calendar.PeriodError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "core/deadline_calculator.html", {"form": form, "result": result})


# --- audit log --------------------------------------------------------------------------------------
def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@permission_required("core.view_auditlog", raise_exception=True)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = selectors.audit_list(
        user=request.user,
        filters=filters,
        before=_int_or_none(request.GET.get("before")),
        after=_int_or_none(request.GET.get("after")),
    )
    return render(request, "core/audit_list.html", {"form": form, "page": page})


@login_required
@permission_required("core.view_auditlog", raise_exception=True)
def audit_detail(request, seq: int):
    event = selectors.audit_get(user=request.user, seq=seq)
    return render(request, "core/audit_detail.html", {"event": event, "diff": selectors.audit_diff(event)})
