"""Row scoping by unit (NetBox's ``.restrict()`` idea without a constraint language).

``core`` does not know how units and roles are modelled; ``organization`` registers the resolver that
answers "which unit ids may this user see?" (None means every unit).
"""

from collections.abc import Callable, Iterable

from django.db import models

ScopeResolver = Callable[[object], Iterable[int] | None]
_resolver: ScopeResolver | None = None


def register_scope_resolver(resolver: ScopeResolver) -> None:
    global _resolver
    _resolver = resolver


def visible_unit_ids(user) -> frozenset[int] | None:
    """Unit ids the user may see, or None for all. Cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_visible_unit_ids", False)
    if cached is not False:
        return cached
    ids = _resolver(user) if _resolver else None
    result = None if ids is None else frozenset(ids)
    user._visible_unit_ids = result
    return result


class UnitScopedQuerySet(models.QuerySet):
    unit_field = "unit"

    def visible_to(self, user) -> "UnitScopedQuerySet":
        ids = visible_unit_ids(user)
        if ids is None:
            return self
        return self.filter(**{f"{self.unit_field}__in": ids})
