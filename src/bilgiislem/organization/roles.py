"""The roles of the regulations (K4, K5, Ka7–10) as Django groups with their permissions.

Group names are the role codes below; the UI shows the translated label. ``roles_sync`` (run after
every migrate) creates the groups and sets their permissions, so the table here is the single source.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    permissions: tuple[str, ...]
    manager: bool = False  # sees the child units of their own unit
    it_staff: bool = True  # works in the IT directorate's screens (requesters do not)


_ORG_READ = (
    "organization.view_municipality",
    "organization.view_unit",
    "organization.view_person",
    "organization.view_deputyship",
    "organization.view_signaturedelegation",
    "organization.view_leaveplan",
    "organization.view_regulation",
    "organization.view_duty",
    "core.view_calendaroverride",
)
_ORG_MANAGE = (
    "organization.change_municipality",
    "organization.add_unit",
    "organization.change_unit",
    "organization.add_person",
    "organization.change_person",
    "organization.view_user",
    "organization.change_user",
    "organization.add_deputyship",
    "organization.change_deputyship",
    "organization.add_signaturedelegation",
    "organization.change_signaturedelegation",
    "organization.add_regulation",
    "organization.confirm_regulation",
    "core.add_calendaroverride",
    "core.change_calendaroverride",
    "core.delete_calendaroverride",
    "core.view_auditlog",
)

ADMIN = "admin"
DIRECTOR = "director"
CHIEF = "chief"
UNIT_LEAD = "unit_lead"
STAFF = "staff"
CLERK = "clerk"
ARCHIVE_OFFICER = "archive_officer"
PROPERTY_RECORD_OFFICER = "property_record_officer"
PROPERTY_CONTROL_OFFICER = "property_control_officer"
DEPUTY_MAYOR = "deputy_mayor"
MAYOR = "mayor"
REQUESTER = "requester"

ROLES: dict[str, Role] = {
    r.code: r
    for r in [
        Role(ADMIN, _("System administrator"), _ORG_READ + _ORG_MANAGE + ("organization.view_all_units",)),
        Role(
            DIRECTOR,
            _("Director"),
            _ORG_READ
            + _ORG_MANAGE
            + ("organization.view_all_units", "organization.add_leaveplan", "organization.approve_leaveplan"),
            manager=True,
        ),
        Role(CHIEF, _("Chief"), (*_ORG_READ, "organization.add_leaveplan"), manager=True),
        Role(UNIT_LEAD, _("Unit lead"), (*_ORG_READ, "organization.add_leaveplan"), manager=True),
        Role(STAFF, _("Staff"), _ORG_READ),
        Role(CLERK, _("Clerk"), (*_ORG_READ, "organization.add_person", "organization.change_person")),
        Role(ARCHIVE_OFFICER, _("Archive officer"), _ORG_READ),
        Role(PROPERTY_RECORD_OFFICER, _("Movable-property record officer"), _ORG_READ),
        Role(PROPERTY_CONTROL_OFFICER, _("Movable-property control officer"), _ORG_READ),
        Role(DEPUTY_MAYOR, _("Deputy mayor"), (*_ORG_READ, "organization.view_all_units")),
        Role(MAYOR, _("Mayor"), (*_ORG_READ, "organization.view_all_units", "organization.add_signaturedelegation")),
        Role(REQUESTER, _("Requester"), (), it_staff=False),
    ]
}

# Pairs of roles one person may never hold together (Taşınır Mal Yönetmeliği: record ≠ control officer).
EXCLUSIVE_ROLE_PAIRS: tuple[tuple[str, str], ...] = ((PROPERTY_RECORD_OFFICER, PROPERTY_CONTROL_OFFICER),)


def role_label(code: str) -> str:
    role = ROLES.get(code)
    return str(role.label) if role else code


def user_role_codes(user) -> set[str]:
    """Role codes of a user (cached on the instance)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_role_codes", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_codes = cached
    return cached
