"""Reads of the organisation app. Every selector starts from ``visible_to(user)``: out of scope means absent (404)."""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import Collate
from django.shortcuts import get_object_or_404
from django.urls import reverse

from bilgiislem.core.querysets import visible_unit_ids
from bilgiislem.core.turkish import TR_COLLATION, search_key, tr_sort_key

from .choices import PersonStatus, ProposalStatus, UnitKind
from .models import Deputyship, Duty, LeavePlan, Municipality, Person, Unit, User
from .roles import ROLES, role_label, user_role_codes

_PRESENT = [PersonStatus.ACTIVE, PersonStatus.ON_LEAVE]


# --- municipality ------------------------------------------------------------------------------------
def municipality_get() -> Municipality | None:
    """The municipality of this deployment (not scoped: every member of staff may read the letterhead)."""
    return Municipality.current()


def municipality_brand() -> dict:
    """Name and logo URL for the top bar (one query; core.navigation caches the result)."""
    municipality = Municipality.objects.only("name", "logo", "updated_at").order_by("pk").first()
    if municipality is None:
        return {"name": "", "logo_url": None}
    logo_url = None
    if municipality.logo:
        logo_url = f"{reverse('organization:municipality_logo')}?v={int(municipality.updated_at.timestamp())}"
    return {"name": municipality.name, "logo_url": logo_url}


# --- units -------------------------------------------------------------------------------------------
def _visible(user, field: str):
    """``field`` (a unit id) is in ``user``'s scope, as an SQL boolean: screens show a parent unit only then."""
    ids = visible_unit_ids(user)
    if ids is None:
        return Value(True, output_field=BooleanField())
    return ExpressionWrapper(Q(**{f"{field}__in": ids}), output_field=BooleanField())


def unit_list(*, user, query: str = "") -> QuerySet[Unit]:
    """Units ``user`` may see, with the number of present people, in Turkish alphabetical order.

    ``parent_visible`` says whether the parent unit is in scope too (if not, its name is not shown)."""
    qs = (
        Unit.objects.visible_to(user)
        .select_related("parent")
        .annotate(
            people_count=Count("people", filter=Q(people__status__in=_PRESENT)),
            parent_visible=_visible(user, "parent_id"),
        )
    )
    if query:
        qs = qs.search(query)
    return qs.order_by(Collate("name", TR_COLLATION), "pk")


def unit_get(*, user, pk: int) -> Unit:
    qs = Unit.objects.visible_to(user).select_related("parent").annotate(parent_visible=_visible(user, "parent_id"))
    return get_object_or_404(qs, pk=pk)


@dataclass
class UnitSection:
    key: str  # "it", "directorates" or "external"
    rows: list[tuple[Unit, int]] = field(default_factory=list)  # (unit, depth)


def unit_tree(*, user) -> list[UnitSection]:
    """The visible units as a tree in three sections: the IT directorate with its sub-units, the other
    directorates (with theirs), and outside bodies. One query."""
    units = list(unit_list(user=user))
    by_id = {u.pk: u for u in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        parent_id = unit.parent_id if unit.parent_id in by_id else None
        children.setdefault(parent_id, []).append(unit)  # already in Turkish order

    def section_of(root: Unit) -> str:
        if root.is_it_directorate or (root.parent is not None and root.parent.is_it_directorate):
            return "it"
        return "external" if root.kind == UnitKind.EXTERNAL else "directorates"

    sections = {key: UnitSection(key) for key in ("it", "directorates", "external")}

    def walk(unit: Unit, depth: int, rows: list) -> None:
        rows.append((unit, depth))
        for child in children.get(unit.pk, []):
            walk(child, depth + 1, rows)

    for root in children.get(None, []):
        walk(root, 0, sections[section_of(root)].rows)
    return [s for s in sections.values() if s.rows]


def unit_duty_list(*, user, unit: Unit) -> QuerySet[Duty]:
    """Confirmed duties of a unit ``user`` may see (the unit itself was fetched through ``unit_get``)."""
    qs = Duty.objects.filter(unit=unit, status=ProposalStatus.CONFIRMED)
    ids = visible_unit_ids(user)
    if ids is not None:
        qs = qs.filter(unit_id__in=ids)
    return qs.order_by("regulation_id", "article", "provision__position", "pk")


# --- people ------------------------------------------------------------------------------------------
def person_list(*, user) -> QuerySet[Person]:
    """People ``user`` may see, in Turkish alphabetical order (filtering: ``filters.PersonFilter``)."""
    return (
        Person.objects.visible_to(user)
        .select_related("unit", "user")
        .order_by(Collate("last_name", TR_COLLATION), Collate("first_name", TR_COLLATION), "pk")
    )


def person_get(*, user, pk: int) -> Person:
    qs = (
        Person.objects.visible_to(user)
        .select_related("unit", "unit__parent", "user")
        .annotate(unit_parent_visible=_visible(user, "unit__parent_id"))
    )
    return get_object_or_404(qs, pk=pk)


def person_leave_list(*, user, person: Person) -> QuerySet[LeavePlan]:
    return (
        LeavePlan.objects.visible_to(user).filter(person=person).select_related("acting").order_by("-start_date", "pk")
    )


def user_deputyship_list(*, user, subject: User) -> QuerySet[Deputyship]:
    """Deputyships in which ``subject`` is the principal or the deputy, as far as ``user`` may see them."""
    return (
        Deputyship.objects.visible_to(user)
        .filter(Q(principal=subject) | Q(deputy=subject))
        .select_related("principal", "deputy", "unit")
        .order_by("-start_date", "pk")
    )


# --- users -------------------------------------------------------------------------------------------
def _visible_users(user) -> QuerySet[User]:
    """Users whose person is in a unit ``user`` may see (users without a person: only for view_all_units)."""
    ids = visible_unit_ids(user)
    qs = User.objects.all()
    return qs if ids is None else qs.filter(person__unit__in=ids)


def user_list(*, user, query: str = "", role: str = "") -> QuerySet[User]:
    qs = _visible_users(user).select_related("person", "person__unit").prefetch_related("groups")
    if query:
        key = search_key(query)
        qs = qs.filter(Q(username__icontains=query.strip()) | Q(person__search_key__contains=key))
    if role:
        qs = qs.filter(groups__name=role)
    return qs.order_by("username", "pk")


def user_get(*, user, pk: int) -> User:
    return get_object_or_404(
        _visible_users(user).select_related("person", "person__unit").prefetch_related("groups"), pk=pk
    )


def user_role_labels(user: User) -> list[str]:
    """Translated labels of the user's roles, in the order of roles.py (uses prefetched groups if present)."""
    cache = getattr(user, "_prefetched_objects_cache", {})
    codes = {g.name for g in cache["groups"]} if "groups" in cache else user_role_codes(user)
    order = list(ROLES)
    known = sorted((c for c in codes if c in ROLES), key=order.index)
    return [role_label(c) for c in known] + sorted((c for c in codes if c not in ROLES), key=tr_sort_key)
