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
    return user.is_superuser or (
        bool(user_role_codes(user) & {ADMIN, DIRECTOR}) and user.has_perm("organization.change_user")
    )


def can_propose_leave_for(user, person) -> bool:
    from bilgiislem.core.querysets import visible_unit_ids

    if not user.has_perm("organization.add_leaveplan"):
        return False
    ids = visible_unit_ids(user)
    return ids is None or person.unit_id in ids


def is_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.is_superuser or ADMIN in user_role_codes(user))


def _leave_in_scope(user, leave) -> bool:
    from bilgiislem.core.querysets import visible_unit_ids

    ids = visible_unit_ids(user)
    return ids is None or leave.unit_id in ids


def _is_director_leave(leave) -> bool:
    principal = getattr(leave.person, "user", None)
    return principal is not None and DIRECTOR in user_role_codes(principal)


def can_decide_leave(user, leave) -> bool:
    """Who approves or rejects a leave plan (K9 g, Ka9 f: a chief proposes, the director approves).

    * Nobody decides their own leave.
    * The leave of a director: on paper the mayor or a deputy mayor approves it, which is outside this
      system; a system administrator records that decision. The chief who acts for the director cannot
      approve the leave of the director they stand in for.
    * Everyone else's leave: a holder of ``organization.approve_leaveplan`` whose scope contains the
      leave's unit — the director, or whoever acts as director under an active deputyship (the
      ``DeputyshipBackend`` lends the director's permissions for the deputyship's date range only).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.person_id and leave.person_id == user.person_id:
        return False
    if _is_director_leave(leave):
        return is_admin(user)
    return user.has_perm("organization.approve_leaveplan") and _leave_in_scope(user, leave)


def can_cancel_leave(user, leave) -> bool:
    """A proposed or approved leave may be cancelled by whoever may decide it, or by the person who proposed it."""
    from .choices import LeaveStatus

    if leave.status not in {LeaveStatus.PROPOSED, LeaveStatus.APPROVED}:
        return False
    return leave.proposed_by_id == user.pk or can_decide_leave(user, leave)


def can_cancel_deputyship(user, deputyship) -> bool:
    return user.has_perm("organization.change_deputyship") and deputyship.cancelled_at is None


def can_delegate_signature_for(user, delegator) -> bool:
    """Holders of ``add_signaturedelegation`` delegate their own signature authority; an administrator
    records a delegation for anyone (e.g. the mayor's signature-authority directive)."""
    if not user.has_perm("organization.add_signaturedelegation"):
        return False
    return is_admin(user) or delegator.pk == user.pk


def can_revoke_signature_delegation(user, delegation) -> bool:
    """The delegator, or a holder of ``change_signaturedelegation``, revokes a delegation still in force."""
    if delegation.revoked_at is not None:
        return False
    return delegation.delegator_id == user.pk or user.has_perm("organization.change_signaturedelegation")
