"""Annual leave plans (K9 g, Ka9 f): a chief proposes, the director approves; approved leave sets who is acting.

URLs under /teskilat/izin-planlari/. Reads start from ``LeavePlan.objects.visible_to(user)`` (out of scope ->
404); writes go through ``services.leave_*``, which raise PermissionDenied (403) or RuleViolation (shown on
the page, nothing changed).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.functions import Collate
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from bilgiislem.core.calendar import WorkingCalendar
from bilgiislem.core.exceptions import RuleViolation
from bilgiislem.core.forms import form_add_service_error
from bilgiislem.core.turkish import TR_COLLATION, tr_sort_key

from .. import services
from ..choices import LeaveStatus, PersonStatus
from ..forms import LeaveDecisionForm, LeaveFilterForm, LeaveProposeForm, LeaveRejectForm
from ..models import Deputyship, LeavePlan, Person, Unit, User
from ..permissions import can_cancel_leave, can_decide_leave
from ..roles import role_label
from ..scoping import descendant_unit_ids

PAGE_SIZE = 50
_PRESENT = [PersonStatus.ACTIVE, PersonStatus.ON_LEAVE]
_PLANNED = [LeaveStatus.PROPOSED, LeaveStatus.APPROVED]


# --- reads (selectors of these screens) --------------------------------------------------------------
def it_unit_ids() -> set[int]:
    """The IT directorate and every unit below it (leave plans concern the directorate's own staff)."""
    return descendant_unit_ids(set(Unit.objects.filter(is_it_directorate=True).values_list("pk", flat=True)))


def _with_descendants(unit: Unit) -> set[int]:
    ids, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def leave_list_qs(*, user, year: int, unit: Unit | None = None, status: str = "") -> QuerySet[LeavePlan]:
    """Leave plans ``user`` may see that touch ``year``, optionally of a unit (with its sub-units) and a status."""
    first, last = _year_range(year)
    qs = LeavePlan.objects.visible_to(user).filter(start_date__lte=last, end_date__gte=first)
    if unit is not None:
        qs = qs.filter(unit_id__in=_with_descendants(unit))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("person", "unit", "acting__person").order_by("start_date", "pk")


@dataclass
class OverviewRow:
    person: Person
    approved: list[int] = field(default_factory=lambda: [0] * 12)
    proposed: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def approved_total(self) -> int:
        return sum(self.approved)

    @property
    def proposed_total(self) -> int:
        return sum(self.proposed)

    @property
    def months(self) -> list[tuple[int, int]]:
        return list(zip(self.approved, self.proposed, strict=True))


def leave_year_overview(leaves: QuerySet[LeavePlan], year: int) -> list[OverviewRow]:
    """Planned working days per person and month of ``year`` (approved and proposed apart), on the working
    calendar of core.calendar (one query for the calendar overrides)."""
    first, last = _year_range(year)
    cal = WorkingCalendar()  # the year's overrides load in one query
    rows: dict[int, OverviewRow] = {}
    for leave in leaves.filter(status__in=_PLANNED):
        row = rows.setdefault(leave.person_id, OverviewRow(person=leave.person))
        bucket = row.approved if leave.status == LeaveStatus.APPROVED else row.proposed
        day, end = max(leave.start_date, first), min(leave.end_date, last)
        while day <= end:
            if cal.is_working_day(day):
                bucket[day.month - 1] += 1
            day += dt.timedelta(days=1)
    return sorted(rows.values(), key=lambda r: (tr_sort_key(r.person.last_name), tr_sort_key(r.person.first_name)))


def leave_get(*, user, pk: int) -> LeavePlan:
    qs = LeavePlan.objects.visible_to(user).select_related(
        "person__user", "unit", "acting__person", "proposed_by__person", "decided_by__person"
    )
    return get_object_or_404(qs, pk=pk)


def proposable_people(user) -> QuerySet[Person]:
    """People of the IT directorate ``user`` may see and plan leave for."""
    return (
        Person.objects.visible_to(user)
        .filter(status__in=_PRESENT, unit_id__in=it_unit_ids())
        .select_related("unit")
        .order_by(Collate("last_name", TR_COLLATION), Collate("first_name", TR_COLLATION), "pk")
    )


def acting_candidates() -> QuerySet[User]:
    """Active users of the IT directorate (a chief stands in for the director, a colleague for a chief)."""
    return (
        User.objects.filter(is_active=True, person__status=PersonStatus.ACTIVE, person__unit_id__in=it_unit_ids())
        .select_related("person__unit")
        .order_by(Collate("person__last_name", TR_COLLATION), Collate("person__first_name", TR_COLLATION), "pk")
    )


def visible_units(user) -> QuerySet[Unit]:
    return Unit.objects.visible_to(user).filter(pk__in=it_unit_ids()).order_by(Collate("name", TR_COLLATION), "pk")


# --- screens -----------------------------------------------------------------------------------------
@login_required
@permission_required("organization.view_leaveplan", raise_exception=True)
def leave_list(request):
    today = timezone.localdate()
    data = request.GET.copy()
    if not data.get("year"):
        data["year"] = str(today.year)
    form = LeaveFilterForm(data, units=visible_units(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or today.year
    leaves = leave_list_qs(user=request.user, year=year, unit=filters.get("unit"), status=filters.get("status", ""))
    context = {
        "form": form,
        "year": year,
        "page": Paginator(leaves, PAGE_SIZE).get_page(request.GET.get("page")),
        "overview": leave_year_overview(leaves, year),
        "months": [dt.date(year, month, 1) for month in range(1, 13)],
        "can_propose": request.user.has_perm("organization.add_leaveplan"),
    }
    return render(request, "organization/leave_list.html", context)


@login_required
@permission_required("organization.add_leaveplan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def leave_create(request):
    people = proposable_people(request.user)
    initial = {"person": request.GET.get("person")} if request.GET.get("person", "").isdigit() else {}
    form = LeaveProposeForm(request.POST or None, initial=initial, people=people, acting_users=acting_candidates())
    if request.method == "POST" and form.is_valid():
        try:
            leave = services.leave_propose(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request, _("The leave plan was proposed ({days} working days).").format(days=leave.working_days)
            )
            return redirect("organization:leave_detail", pk=leave.pk)
    return render(request, "organization/leave_form.html", {"form": form})


def _render_detail(request, leave: LeavePlan, *, decision_form=None, cancel_form=None, error: str | None = None):
    user = request.user
    deputyships = list(
        Deputyship.objects.visible_to(user).filter(leave=leave).select_related("deputy__person", "principal__person")
    )
    for deputyship in deputyships:
        deputyship.role_display = role_label(deputyship.role)
    context = {
        "leave": leave,
        "events": leave.events.select_related("actor__person").order_by("created_at", "pk"),
        "deputyships": deputyships,
        "can_decide": leave.status == LeaveStatus.PROPOSED and can_decide_leave(user, leave),
        "can_cancel": can_cancel_leave(user, leave),
        "decision_form": decision_form or LeaveDecisionForm(prefix="decision"),
        "cancel_form": cancel_form or LeaveDecisionForm(prefix="cancel"),
        "error": error,
    }
    return render(request, "organization/leave_detail.html", context)


@login_required
@permission_required("organization.view_leaveplan", raise_exception=True)
def leave_detail(request, pk: int):
    return _render_detail(request, leave_get(user=request.user, pk=pk))


@login_required
@permission_required("organization.view_leaveplan", raise_exception=True)
@require_POST
def leave_approve(request, pk: int):
    leave = leave_get(user=request.user, pk=pk)
    form = LeaveDecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        return _render_detail(request, leave, decision_form=form)
    try:
        services.leave_approve(leave=leave, actor=request.user, note=form.cleaned_data["note"])
    except RuleViolation as exc:
        return _render_detail(request, leave, decision_form=form, error=str(exc))
    messages.success(request, _("The leave plan was approved."))
    return redirect("organization:leave_detail", pk=leave.pk)


@login_required
@permission_required("organization.view_leaveplan", raise_exception=True)
@require_POST
def leave_reject(request, pk: int):
    leave = leave_get(user=request.user, pk=pk)
    if not can_decide_leave(request.user, leave):  # a missing right is 403 even when the note is missing
        raise PermissionDenied
    form = LeaveRejectForm(request.POST, prefix="decision")
    if not form.is_valid():
        return _render_detail(request, leave, decision_form=form)
    try:
        services.leave_reject(leave=leave, actor=request.user, note=form.cleaned_data["note"])
    except RuleViolation as exc:
        form_add_service_error(form, exc)
        return _render_detail(request, leave, decision_form=form, error=str(exc))
    messages.success(request, _("The leave plan was rejected."))
    return redirect("organization:leave_detail", pk=leave.pk)


@login_required
@permission_required("organization.view_leaveplan", raise_exception=True)
@require_POST
def leave_cancel(request, pk: int):
    leave = leave_get(user=request.user, pk=pk)
    form = LeaveDecisionForm(request.POST, prefix="cancel")
    if not form.is_valid():
        return _render_detail(request, leave, cancel_form=form)
    try:
        services.leave_cancel(leave=leave, actor=request.user, note=form.cleaned_data["note"])
    except RuleViolation as exc:
        return _render_detail(request, leave, cancel_form=form, error=str(exc))
    messages.success(request, _("The leave plan was cancelled."))
    return redirect("organization:leave_detail", pk=leave.pk)


urlpatterns = [
    path("teskilat/izin-planlari/", leave_list, name="leave_list"),
    path("teskilat/izin-planlari/yeni/", leave_create, name="leave_create"),
    path("teskilat/izin-planlari/<int:pk>/", leave_detail, name="leave_detail"),
    path("teskilat/izin-planlari/<int:pk>/onayla/", leave_approve, name="leave_approve"),
    path("teskilat/izin-planlari/<int:pk>/reddet/", leave_reject, name="leave_reject"),
    path("teskilat/izin-planlari/<int:pk>/iptal/", leave_cancel, name="leave_cancel"),
]
