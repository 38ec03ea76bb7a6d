"""The organisation directory: municipality, units, people and user accounts (/teskilat/...).

Views parse input, fetch through selectors (out of scope -> 404) and write through services; a broken rule
(``RuleViolation``) is shown as a form error and changes nothing.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from bilgiislem.core.exceptions import RuleViolation
from bilgiislem.core.forms import form_add_service_error

from .. import auth, selectors, services
from ..filters import PersonFilter
from ..forms import MunicipalityForm, PersonForm, UnitForm, UserCreateForm, UserRolesForm, logo_extension
from ..permissions import can_manage_roles
from ..roles import ROLES, role_label

PAGE_SIZE = 25
_LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _partial(request) -> bool:
    """An htmx request for the results only (a history restore wants the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _render_list(request, template: str, partial_template: str, context: dict):
    response = render(request, partial_template if _partial(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _deputyship_rows(queryset) -> list:
    rows = list(queryset)
    for deputyship in rows:
        deputyship.role_display = role_label(deputyship.role)
    return rows


# --- municipality ------------------------------------------------------------------------------------
@login_required
@permission_required("organization.view_municipality", raise_exception=True)
def municipality_detail(request):
    municipality = selectors.municipality_get()
    return render(request, "organization/municipality_detail.html", {"municipality": municipality})


@login_required
@permission_required("organization.change_municipality", raise_exception=True)
@require_http_methods(["GET", "POST"])
def municipality_edit(request):
    municipality = selectors.municipality_get()
    form = MunicipalityForm(request.POST or None, request.FILES or None, instance=municipality)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in MunicipalityForm.Meta.fields}
        upload = form.cleaned_data.get("logo")
        if upload is not None:
            fields["logo"] = ContentFile(upload.read(), name=f"logo-{uuid.uuid4().hex}.{upload.logo_extension}")
        elif form.cleaned_data.get("remove_logo"):
            fields["logo"] = ""
        try:
            services.municipality_update(actor=request.user, **fields)
        except (RuleViolation, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The municipality details were saved."))
            return redirect("organization:municipality_detail")
    return render(request, "organization/municipality_form.html", {"form": form, "municipality": municipality})


@require_http_methods(["GET", "HEAD"])
def municipality_logo(request):
    """The logo (public, like the letterhead it is printed on: the sign-in page shows it too), served as an
    inert attachment with the type taken from its magic bytes."""
    municipality = selectors.municipality_get()
    if municipality is None or not municipality.logo:
        raise Http404
    handle = municipality.logo.open("rb")
    extension = logo_extension(handle.read(16))
    handle.seek(0)
    if extension is None:
        handle.close()
        raise Http404
    response = FileResponse(
        handle, content_type=_LOGO_TYPES[extension], as_attachment=True, filename=f"logo.{extension}"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- units -------------------------------------------------------------------------------------------
@login_required
@permission_required("organization.view_unit", raise_exception=True)
def unit_list(request):
    query = request.GET.get("q", "").strip()
    context = {"query": query}
    if query:
        context["results"] = selectors.unit_list(user=request.user, query=query)
    else:
        context["sections"] = selectors.unit_tree(user=request.user)
    return _render_list(request, "organization/unit_list.html", "organization/unit_list_results.html", context)


@login_required
@permission_required("organization.view_unit", raise_exception=True)
def unit_detail(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    context = {
        "unit": unit,
        "children": selectors.unit_list(user=request.user).filter(parent=unit),
        "people": selectors.person_list(user=request.user).filter(unit=unit),
        "duties": (
            selectors.unit_duty_list(user=request.user, unit=unit)
            if request.user.has_perm("organization.view_duty")
            else None
        ),
    }
    return render(request, "organization/unit_detail.html", context)


@login_required
@permission_required("organization.add_unit", raise_exception=True)
@require_http_methods(["GET", "POST"])
def unit_create(request):
    form = UnitForm(request.POST or None, user=request.user, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except (RuleViolation, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The unit was created."))
            return redirect("organization:unit_detail", pk=unit.pk)
    return render(request, "organization/unit_form.html", {"form": form, "unit": None})


@login_required
@permission_required("organization.change_unit", raise_exception=True)
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(unit=unit, actor=request.user, **form.cleaned_data)
        except (RuleViolation, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("organization:unit_detail", pk=unit.pk)
    if request.method == "POST":
        unit.refresh_from_db(fields=["name"])  # the heading shows the stored name, not the rejected input
    return render(request, "organization/unit_form.html", {"form": form, "unit": unit})


# --- people ------------------------------------------------------------------------------------------
@login_required
@permission_required("organization.view_person", raise_exception=True)
def person_list(request):
    filterset = PersonFilter(request.GET or None, queryset=selectors.person_list(user=request.user), request=request)
    page = _page(request, filterset.qs)
    context = {"filter": filterset, "page": page, "people": page.object_list}
    return _render_list(request, "organization/person_list.html", "organization/person_list_results.html", context)


@login_required
@permission_required("organization.view_person", raise_exception=True)
def person_detail(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    account = getattr(person, "user", None)
    context = {
        "person": person,
        "account": account,
        "account_roles": selectors.user_role_labels(account) if account else [],
        "leave_plans": (
            selectors.person_leave_list(user=request.user, person=person)
            if request.user.has_perm("organization.view_leaveplan")
            else None
        ),
        "deputyships": (
            _deputyship_rows(selectors.user_deputyship_list(user=request.user, subject=account))
            if account and request.user.has_perm("organization.view_deputyship")
            else None
        ),
        "can_create_account": account is None and can_manage_roles(request.user),
        "can_view_account": account is not None and request.user.has_perm("organization.view_user"),
    }
    return render(request, "organization/person_detail.html", context)


@login_required
@permission_required("organization.add_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user, initial={"unit": request.GET.get("unit")})
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.cleaned_data)
        except (RuleViolation, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The person was created."))
            return redirect("organization:person_detail", pk=person.pk)
    return render(request, "organization/person_form.html", {"form": form, "person": None})


@login_required
@permission_required("organization.change_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, actor=request.user, **form.cleaned_data)
        except (RuleViolation, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The person was saved."))
            return redirect("organization:person_detail", pk=person.pk)
    if request.method == "POST":
        person.refresh_from_db(fields=["first_name", "last_name"])  # the heading shows the stored name
    return render(request, "organization/person_form.html", {"form": form, "person": person})


# --- user accounts -----------------------------------------------------------------------------------
@login_required
@permission_required("organization.view_user", raise_exception=True)
def user_list(request):
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    role = role if role in ROLES else ""
    page = _page(request, selectors.user_list(user=request.user, query=query, role=role))
    rows = [(account, selectors.user_role_labels(account)) for account in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "query": query,
        "role": role,
        "role_choices": [(code, r.label) for code, r in ROLES.items()],
    }
    return render(request, "organization/user_list.html", context)


@login_required
@permission_required("organization.view_user", raise_exception=True)
def user_detail(request, pk: int):
    account = selectors.user_get(user=request.user, pk=pk)
    context = {
        "account": account,
        "account_roles": selectors.user_role_labels(account),
        "deputyships": (
            _deputyship_rows(selectors.user_deputyship_list(user=request.user, subject=account))
            if request.user.has_perm("organization.view_deputyship")
            else None
        ),
        "can_manage_roles": can_manage_roles(request.user),
        "second_factor_devices": len(auth.confirmed_devices(account)),
        "can_reset_second_factor": auth.can_reset_second_factor(request.user) and account.pk != request.user.pk,
    }
    return render(request, "organization/user_detail.html", context)


@login_required
@permission_required("organization.view_user", raise_exception=True)
@require_http_methods(["GET", "POST"])
def user_roles_edit(request, pk: int):
    if not can_manage_roles(request.user):
        raise PermissionDenied
    account = selectors.user_get(user=request.user, pk=pk)
    current = sorted(g.name for g in account.groups.all())
    form = UserRolesForm(request.POST or None, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_roles_set(user=account, roles=form.cleaned_data["roles"], actor=request.user)
        except RuleViolation as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The roles were saved."))
            return redirect("organization:user_detail", pk=account.pk)
    return render(request, "organization/user_roles_form.html", {"form": form, "account": account})


@login_required
@permission_required("organization.view_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def user_create(request, person_pk: int):
    """Create the login of a person (administrators and the director: whoever may manage roles)."""
    if not can_manage_roles(request.user):
        raise PermissionDenied
    person = selectors.person_get(user=request.user, pk=person_pk)
    existing = getattr(person, "user", None)
    if existing is not None:
        messages.info(request, _("This person already has a user account."))
        return redirect("organization:user_detail", pk=existing.pk)
    form = UserCreateForm(request.POST or None, initial={"email": person.email})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.user_create(
                username=data["username"],
                email=data["email"],
                password=data["password"] or None,
                roles=data["roles"],
                person=person,
                actor=request.user,
            )
        except RuleViolation as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, _("The user account was created."))
            return redirect("organization:user_detail", pk=account.pk)
    return render(request, "organization/user_form.html", {"form": form, "person": person})


urlpatterns = [
    path("teskilat/belediye/", municipality_detail, name="municipality_detail"),
    path("teskilat/belediye/duzenle/", municipality_edit, name="municipality_edit"),
    path("teskilat/belediye/logo/", municipality_logo, name="municipality_logo"),
    path("teskilat/birimler/", unit_list, name="unit_list"),
    path("teskilat/birimler/yeni/", unit_create, name="unit_create"),
    path("teskilat/birimler/<int:pk>/", unit_detail, name="unit_detail"),
    path("teskilat/birimler/<int:pk>/duzenle/", unit_edit, name="unit_edit"),
    path("teskilat/personel/", person_list, name="person_list"),
    path("teskilat/personel/yeni/", person_create, name="person_create"),
    path("teskilat/personel/<int:pk>/", person_detail, name="person_detail"),
    path("teskilat/personel/<int:pk>/duzenle/", person_edit, name="person_edit"),
    path("teskilat/personel/<int:person_pk>/kullanici/", user_create, name="user_create"),
    path("teskilat/kullanicilar/", user_list, name="user_list"),
    path("teskilat/kullanicilar/<int:pk>/", user_detail, name="user_detail"),
    path("teskilat/kullanicilar/<int:pk>/roller/", user_roles_edit, name="user_roles_edit"),
]
