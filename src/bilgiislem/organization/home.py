"""The organisation app's sections of the personal home page (core.home's provider registry).

Registered from ``OrganizationConfig.ready()``. Each provider runs one query (plus the permission
check, which Django caches on the user).
"""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bilgiislem.core.home import HOME_ITEM_LIMIT, WorkItem, register_work_provider, url_or_none

from .choices import LeaveStatus, ProposalStatus, RegulationStatus
from .models import Deputyship, LeavePlan, Regulation
from .roles import role_label


def _leave_title(leave: LeavePlan) -> str:
    return _("{person}: {kind}, {start} – {end} ({days} working days)").format(
        person=leave.person,
        kind=leave.get_kind_display(),
        start=f"{leave.start_date:%d.%m.%Y}",
        end=f"{leave.end_date:%d.%m.%Y}",
        days=leave.working_days,
    )


class LeaveAwaitingDecision:
    """Proposed leave plans the user may approve (approve_leaveplan holders; never their own)."""

    key = "organization.leave_awaiting_decision"
    label = _("Leave plans awaiting my decision")
    order = 10

    def applies_to(self, user) -> bool:
        return user.has_perm("organization.approve_leaveplan")

    def items_for(self, user) -> list[WorkItem]:
        qs = LeavePlan.objects.visible_to(user).filter(status=LeaveStatus.PROPOSED)
        if user.person_id:
            qs = qs.exclude(person_id=user.person_id)
        leaves = qs.select_related("person").order_by("start_date", "pk")[:HOME_ITEM_LIMIT]
        return [
            WorkItem(
                _leave_title(leave),
                url_or_none("organization:leave_detail", args=(leave.pk,)),
                leave.start_date,
                leave.get_status_display(),
            )
            for leave in leaves
        ]

    def more_url(self, user) -> str | None:
        url = url_or_none("organization:leave_list")
        return f"{url}?status={LeaveStatus.PROPOSED}" if url else None


class MyProposedLeave:
    """Leave plans still waiting for a decision that the user proposed or that are the user's own."""

    key = "organization.my_proposed_leave"
    label = _("My leave plans awaiting a decision")
    order = 20

    def items_for(self, user) -> list[WorkItem]:
        mine = Q(proposed_by=user)
        if user.person_id:
            mine |= Q(person_id=user.person_id)
        leaves = (
            LeavePlan.objects.filter(mine, status=LeaveStatus.PROPOSED)
            .select_related("person")
            .order_by("start_date", "pk")[:HOME_ITEM_LIMIT]
        )
        return [
            WorkItem(
                _leave_title(leave),
                url_or_none("organization:leave_detail", args=(leave.pk,)),
                leave.start_date,
                leave.get_status_display(),
            )
            for leave in leaves
        ]


class MyDeputyships:
    """The user's deputyships in force today or starting later (acting as ...)."""

    key = "organization.my_deputyships"
    label = _("My deputyships")
    order = 30

    def items_for(self, user) -> list[WorkItem]:
        today = timezone.localdate()
        deputyships = (
            Deputyship.objects.filter(deputy=user, end_date__gte=today, cancelled_at__isnull=True)
            .select_related("principal__person", "unit")
            .order_by("start_date", "pk")[:HOME_ITEM_LIMIT]
        )
        items = []
        url = url_or_none("organization:deputyship_list")
        for deputyship in deputyships:
            active = deputyship.start_date <= today
            title = _("Acting as {role} for {principal} ({unit}), {start} – {end}").format(
                role=role_label(deputyship.role),
                principal=deputyship.principal,
                unit=deputyship.unit,
                start=f"{deputyship.start_date:%d.%m.%Y}",
                end=f"{deputyship.end_date:%d.%m.%Y}",
            )
            items.append(WorkItem(title, url, deputyship.end_date, str(_("in force") if active else _("upcoming"))))
        return items


class RegulationsAwaitingConfirmation:
    """Imported regulations whose proposed units or duties still wait for confirmation."""

    key = "organization.regulations_awaiting_confirmation"
    label = _("Regulation proposals awaiting confirmation")
    order = 40

    def applies_to(self, user) -> bool:
        return user.has_perm("organization.confirm_regulation")

    def items_for(self, user) -> list[WorkItem]:
        regulations = (
            Regulation.objects.filter(status=RegulationStatus.IMPORTED)
            .annotate(
                open_duties=Count("duties", filter=Q(duties__status=ProposalStatus.PROPOSED), distinct=True),
                open_units=Count(
                    "unit_proposals", filter=Q(unit_proposals__status=ProposalStatus.PROPOSED), distinct=True
                ),
            )
            .order_by("created_at", "pk")[:HOME_ITEM_LIMIT]
        )
        return [
            WorkItem(
                regulation.title,
                url_or_none("organization:regulation_detail", args=(regulation.pk,)),
                None,
                str(
                    _("{units} units, {duties} duties to confirm").format(
                        units=regulation.open_units, duties=regulation.open_duties
                    )
                ),
            )
            for regulation in regulations
        ]

    def more_url(self, user) -> str | None:
        return url_or_none("organization:regulation_list")


def register() -> None:
    for provider in (LeaveAwaitingDecision(), MyProposedLeave(), MyDeputyships(), RegulationsAwaitingConfirmation()):
        register_work_provider(provider)
