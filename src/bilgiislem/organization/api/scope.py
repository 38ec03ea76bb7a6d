"""Row scope for the API: every read starts from ``visible_to(user)`` (users: through their person's unit)."""

from django.db.models import QuerySet

from bilgiislem.core.querysets import visible_unit_ids


def users_visible_to(queryset: QuerySet, user) -> QuerySet:
    """Users whose person belongs to a unit the caller may see; everyone for holders of ``view_all_units``."""
    ids = visible_unit_ids(user)
    return queryset if ids is None else queryset.filter(person__unit_id__in=ids)


def rows_visible_to(queryset: QuerySet, user) -> QuerySet:
    """``queryset.visible_to(user)`` for unit-scoped models."""
    return queryset.visible_to(user)
