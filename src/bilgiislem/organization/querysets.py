from django.db.models import Q

from bilgiislem.core.querysets import UnitScopedQuerySet, visible_unit_ids
from bilgiislem.core.turkish import search_key


class UnitQuerySet(UnitScopedQuerySet):
    def visible_to(self, user):
        ids = visible_unit_ids(user)
        return self if ids is None else self.filter(pk__in=ids)

    def search(self, query: str):
        key = search_key(query)
        return self.filter(search_key__contains=key) if key else self


class PersonQuerySet(UnitScopedQuerySet):
    def search(self, query: str):
        key = search_key(query)
        if not key:
            return self
        q = Q()
        for word in key.split():
            q &= Q(search_key__contains=word)
        return self.filter(q)
