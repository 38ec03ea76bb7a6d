"""Status transitions shared by every workflow (see conventions §5)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .exceptions import RuleViolation


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    permission: str | None = None


def apply_transition(obj, transition: Transition, *, actor) -> str:
    """Move ``obj.status`` along ``transition``; return the status it left."""
    if obj.status not in transition.sources:
        raise RuleViolation(_("This action is not allowed in the current state."))
    if transition.permission and not actor.has_perm(transition.permission):
        raise PermissionDenied
    previous = obj.status
    obj.status = transition.target
    return previous
