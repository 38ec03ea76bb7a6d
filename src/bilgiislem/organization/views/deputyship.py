"""Deputyships (vekâlet, Ka9 b) and delegated signature authority (imza yetkisi devri).

URLs under /teskilat/vekaletler/ and /teskilat/imza-yetkileri/. Deputyships are unit-scoped
(``Deputyship.objects.visible_to``, out of scope -> 404); signature delegations concern the whole
municipality and are readable by every holder of ``view_signaturedelegation``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q, QuerySet
from django.db.models.functions import Collate
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from bilgiislem.core.exceptions import RuleViolation
from bilgiislem.core.forms import form_add_service_error
from bilgiislem.core.querysets import visible_unit_ids
from bilgiislem.core.turkish import TR_COLLATION

from .. import services
from ..choices import PersonStatus
from ..forms import DeputyshipCancelForm, DeputyshipForm, SignatureDelegationForm
from ..models import Deputyship, SignatureDelegation, User
from ..permissions import can_cancel_deputyship, can_revoke_signature_delegation, is_admin
from ..roles import ROLES, role_label

PAST_LIMIT = 50


# --- reads (selectors of these screens) --------------------------------------------------------------
def _users_by_name(qs: QuerySet[User]) -> QuerySet[User]:
    return qs.select_related("person__unit").order_by(
        Collate("person__last_name", TR_COLLATION), Collate("person__first_name", TR_COLLATION), "username", "pk"
    )


def _staff_users() -> QuerySet[User]:
    """Active users holding at least one role of the municipality's staff (requesters and role-less logins excluded)."""
    staff_roles = [code for code, role in ROLES.items() if role.it_staff]
    ids = User.objects.filter(is_active=True, groups__name__in=staff_roles).values("pk")
    return User.objects.filter(pk__in=ids)


def visible_active_users(user) -> QuerySet[User]:
    """Active staff whose person is in a unit ``user`` may see."""
    qs = _staff_users().filter(person__isnull=False, person__status=PersonStatus.ACTIVE)
    ids = visible_unit_ids(user)
    if ids is not None:
        qs = qs.filter(person__unit_id__in=ids)
    return _users_by_name(qs)


def deputyship_sections(*, user) -> dict[str, list[Deputyship]]:
    """Visible deputyships in three lists: in force today, upcoming, and past or cancelled (the latest 50)."""
    today = timezone.localdate()
    base = Deputyship.objects.visible_to(user).select_related("principal__person", "deputy__person", "unit", "leave")
    live = base.filter(cancelled_at__isnull=True)
    sections = {
        "active": list(live.filter(start_date__lte=today, end_date__gte=today).order_by("end_date", "pk")),
        "upcoming": list(live.filter(start_date__gt=today).order_by("start_date", "pk")),
        "past": list(
            base.filter(Q(end_date__lt=today) | Q(cancelled_at__isnull=False)).order_by("-end_date", "-pk")[:PAST_LIMIT]
        ),
    }
    for rows in sections.values():
        for deputyship in rows:
            deputyship.role_display = role_label(deputyship.role)
            deputyship.can_cancel = can_cancel_deputyship(user, deputyship) and deputyship.end_date >= today
    return sections


def delegation_sections(*, user) -> dict[str, list[SignatureDelegation]]:
    today = timezone.localdate()
    base = SignatureDelegation.objects.select_related("delegator__person", "delegate__person")
    live = base.filter(revoked_at__isnull=True)
    in_force = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    sections = {
        "active": list(live.filter(in_force).order_by("start_date", "pk")),
        "upcoming": list(live.filter(start_date__gt=today).order_by("start_date", "pk")),
        "past": list(
            base.filter(Q(revoked_at__isnull=False) | Q(end_date__lt=today)).order_by("-start_date", "-pk")[:PAST_LIMIT]
        ),
    }
    for key in ("active", "upcoming"):
        for delegation in sections[key]:
            delegation.can_revoke = can_revoke_signature_delegation(user, delegation)
    return sections


# --- deputyships -------------------------------------------------------------------------------------
@login_required
@permission_required("organization.view_deputyship", raise_exception=True)
def deputyship_list(request):
    context = {
        "sections": deputyship_sections(user=request.user),
        "can_create": request.user.has_perm("organization.add_deputyship"),
        "cancel_form": DeputyshipCancelForm(),
    }
    return render(request, "organization/deputyship_list.html", context)


@login_required
@permission_required("organization.add_deputyship", raise_exception=True)
@require_http_methods(["GET", "POST"])
def deputyship_create(request):
    form = DeputyshipForm(request.POST or None, users=visible_active_users(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.deputyship_create(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The deputyship was recorded."))
            return redirect("organization:deputyship_list")
    return render(request, "organization/deputyship_form.html", {"form": form})


@login_required
@permission_required("organization.view_deputyship", raise_exception=True)
@require_POST
def deputyship_cancel(request, pk: int):
    deputyship = get_object_or_404(Deputyship.objects.visible_to(request.user), pk=pk)
    form = DeputyshipCancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.deputyship_cancel(deputyship=deputyship, actor=request.user, reason=reason)
    except RuleViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The deputyship was cancelled."))
    return redirect("organization:deputyship_list")


# --- signature delegations ---------------------------------------------------------------------------
@login_required
@permission_required("organization.view_signaturedelegation", raise_exception=True)
def delegation_list(request):
    context = {
        "sections": delegation_sections(user=request.user),
        "can_create": request.user.has_perm("organization.add_signaturedelegation"),
    }
    return render(request, "organization/delegation_list.html", context)


@login_required
@permission_required("organization.add_signaturedelegation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def delegation_create(request):
    user = request.user
    everyone = _users_by_name(_staff_users())
    delegators = everyone if is_admin(user) else everyone.filter(pk=user.pk)
    form = SignatureDelegationForm(request.POST or None, delegators=delegators, delegates=everyone)
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_delegation_create(actor=user, **form.cleaned_data)
        except RuleViolation as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The signature delegation was recorded."))
            return redirect("organization:delegation_list")
    return render(request, "organization/delegation_form.html", {"form": form})


@login_required
@permission_required("organization.view_signaturedelegation", raise_exception=True)
@require_POST
def delegation_revoke(request, pk: int):
    delegation = get_object_or_404(SignatureDelegation, pk=pk)
    try:
        services.signature_delegation_revoke(delegation=delegation, actor=request.user)
    except RuleViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The signature delegation was revoked."))
    return redirect("organization:delegation_list")


urlpatterns = [
    path("teskilat/vekaletler/", deputyship_list, name="deputyship_list"),
    path("teskilat/vekaletler/yeni/", deputyship_create, name="deputyship_create"),
    path("teskilat/vekaletler/<int:pk>/iptal/", deputyship_cancel, name="deputyship_cancel"),
    path("teskilat/imza-yetkileri/", delegation_list, name="delegation_list"),
    path("teskilat/imza-yetkileri/yeni/", delegation_create, name="delegation_create"),
    path("teskilat/imza-yetkileri/<int:pk>/geri-al/", delegation_revoke, name="delegation_revoke"),
]
