"""API permission classes: model permissions (view_* even for reads) plus the second factor for session callers.

Object scope is not checked here: every view starts from ``visible_to(user)``, so an out-of-scope row is
simply not found (404), never forbidden (403).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission

from bilgiislem.organization.permissions import needs_second_factor

_METHOD_VERBS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


def check_second_factor(request) -> None:
    """Browser sessions of users who owe a second factor must have confirmed it (tokens are machine clients)."""
    if not isinstance(request.successful_authenticator, SessionAuthentication):
        return
    user = request.user
    if needs_second_factor(user) and not getattr(user, "is_verified", lambda: False)():
        raise exceptions.PermissionDenied(_("Confirm your second factor before using the API."))


class AuthenticatedWithSecondFactor(BasePermission):
    """Any signed-in user (requesters included), with the second factor where it is required."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        check_second_factor(request)
        return True


def required_permissions(request, view) -> list[str]:
    """The permissions a request needs.

    A view may name them per action in ``action_permissions``; otherwise reads need ``view_<model>`` and
    writes need ``view_<model>`` plus ``add_``/``change_``/``delete_<model>``. The model comes from
    ``permission_model`` or the view's queryset; ``view_permission`` overrides the read permission.
    Unknown custom actions fall back on the method rule, so a forgotten entry fails closed.
    """
    explicit = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
    if explicit is not None:
        return list(explicit)
    model = getattr(view, "permission_model", None) or view.queryset.model
    app_label, model_name = model._meta.app_label, model._meta.model_name
    perms = [getattr(view, "view_permission", None) or f"{app_label}.view_{model_name}"]
    verb = _METHOD_VERBS.get(request.method)
    if verb:
        perms.append(f"{app_label}.{verb}_{model_name}")
    return perms


class ModelPermissions(BasePermission):
    """Like DRF's DjangoModelPermissions, but reads need ``view_*`` too (requesters get 403, not data)."""

    message = _("You do not have permission to perform this action.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        check_second_factor(request)
        if getattr(view, request.method.lower(), None) is None:
            return True  # the view has no handler for this method: let it answer 405, touching nothing
        return request.user.has_perms(required_permissions(request, view))
