"""Yes/no predicates shared by services, views and templates."""

from .roles import ADMIN, DIRECTOR, ROLES, user_role_codes


def is_it_staff(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(ROLES[c].it_staff for c in user_role_codes(user) if c in ROLES)


def needs_second_factor(user) -> bool:
    from django.conf import settings

    if not settings.SECOND_FACTOR_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(user_role_codes(user) & set(settings.SECOND_FACTOR_ROLES))


def can_manage_roles(user) -> bool:
    return user.is_superuser or bool(user_role_codes(user) & {ADMIN, DIRECTOR}) and user.has_perm(
        "organization.change_user"
    )


def can_propose_leave_for(user, person) -> bool:
    from bilgiislem.core.querysets import visible_unit_ids

    if not user.has_perm("organization.add_leaveplan"):
        return False
    ids = visible_unit_ids(user)
    return ids is None or person.unit_id in ids


def can_decide_leave(user, leave) -> bool:
    """The director (or acting director) approves; nobody approves their own leave."""
    if not user.has_perm("organization.approve_leaveplan"):
        return False
    return not (user.person_id and leave.person_id == user.person_id)
