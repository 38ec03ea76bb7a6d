"""Module navigation. Each app registers its menu in AppConfig.ready(); the layout shows what the user may open."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str | None = None
    predicate: Callable[[object], bool] | None = None


@dataclass
class MenuGroup:
    label: str
    icon: str
    order: int
    items: list[MenuItem] = field(default_factory=list)


_groups: list[MenuGroup] = []


def register_menu(group: MenuGroup) -> None:
    if all(g.label != group.label for g in _groups):
        _groups.append(group)
        _groups.sort(key=lambda g: g.order)


def _allowed(user, item: MenuItem) -> bool:
    if item.permission and not user.has_perm(item.permission):
        return False
    return not (item.predicate and not item.predicate(user))


def menu_for(user) -> list[dict]:
    from django.urls import reverse

    result = []
    for group in _groups:
        items = [{"label": i.label, "url": reverse(i.url_name), "url_name": i.url_name} for i in group.items
                 if _allowed(user, i)]
        if items:
            result.append({"label": group.label, "icon": group.icon, "items": items})
    return result
