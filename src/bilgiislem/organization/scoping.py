"""Which units a user may see: own unit, child units for managers, widened by active deputyships."""

from django.utils import timezone

from .roles import ROLES, user_role_codes


def descendant_unit_ids(root_ids: set[int]) -> set[int]:
    """``root_ids`` and every unit below them."""
    from .models import Unit

    result = set(root_ids)
    frontier = set(root_ids)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - result
        result |= frontier
    return result


def active_deputyships(user, on=None):
    from .models import Deputyship

    day = on or timezone.localdate()
    return Deputyship.objects.filter(
        deputy=user, start_date__lte=day, end_date__gte=day, cancelled_at__isnull=True
    ).select_related("unit")


def resolve_visible_units(user) -> set[int] | None:
    if user.is_superuser or user.has_perm("organization.view_all_units"):
        return None
    roots: set[int] = set()
    managed: set[int] = set()
    person = user.person if user.person_id else None
    if person is not None:
        roots.add(person.unit_id)
        if any(ROLES[c].manager for c in user_role_codes(user) if c in ROLES):
            managed.add(person.unit_id)
    for deputyship in active_deputyships(user):
        managed.add(deputyship.unit_id)
    return roots | descendant_unit_ids(managed)
