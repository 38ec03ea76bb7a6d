"""Registries of the layout: module navigation and the brand shown in the top bar.

Each app registers its menu in ``AppConfig.ready()``. Several apps may add items to the same group (the
organisation screens and the leave/deputyship screens share the "Organisation" group), so registration is
idempotent and merges by group label::

    add_menu_items(_("Organisation"), "diagram-3", 10, [
        MenuItem(_("Units"), "organization:unit_list", permission="organization.view_unit"),
    ])

``core`` imports no app: the app that knows the municipality registers a brand provider with
``set_brand_provider`` (a callable returning ``{"name": ..., "logo_url": ...}``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import translation


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str | None = None
    predicate: Callable[[object], bool] | None = None
    icon: str = ""  # a Bootstrap Icons name without the "bi-" prefix, e.g. "people"
    order: int = 100  # items of a group are shown by order, then in registration order


@dataclass
class MenuGroup:
    label: str
    icon: str
    order: int
    items: list[MenuItem] = field(default_factory=list)


_groups: list[MenuGroup] = []
_user_items: list[MenuItem] = []
_brand_provider: Callable[[], dict] | None = None
_roles_provider: Callable[[object], list[str]] | None = None
BRAND_CACHE_KEY = "core:navigation:brand"
BRAND_CACHE_SECONDS = 60


def _key(label) -> str:
    """The untranslated text of a (lazy) label, so registrations made under any language match."""
    with translation.override(None):
        return str(label)


def _find_group(label) -> MenuGroup | None:
    key = _key(label)
    return next((g for g in _groups if _key(g.label) == key), None)


def _merge(group: MenuGroup, items: Iterable[MenuItem]) -> None:
    known = {i.url_name for i in group.items}
    for item in items:
        if item.url_name not in known:
            group.items.append(item)
            known.add(item.url_name)
    # sorted() is stable, so items with the same order keep their registration order.
    group.items[:] = sorted(group.items, key=lambda i: i.order)


def add_menu_items(group_label, icon: str, order: int, items: Iterable[MenuItem]) -> MenuGroup:
    """Add ``items`` to the group called ``group_label``, creating the group if needed.

    Idempotent: an item whose url_name is already in the group is not added twice. The icon and order
    of an existing group are kept (the first registration wins).
    """
    group = _find_group(group_label)
    if group is None:
        group = MenuGroup(label=group_label, icon=icon, order=order)
        _groups.append(group)
        _groups.sort(key=lambda g: g.order)
    _merge(group, items)
    return group


def register_menu(group: MenuGroup) -> None:
    """Register a whole group; if a group with that label exists, its items are merged into it."""
    add_menu_items(group.label, group.icon, group.order, group.items)


def registered_groups() -> list[MenuGroup]:
    return list(_groups)


def _allowed(user, item: MenuItem) -> bool:
    if item.permission and not user.has_perm(item.permission):
        return False
    return not (item.predicate and not item.predicate(user))


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:  # a menu registered before its URLs exist must not break every page
        return None


def menu_for(user, path: str | None = None) -> list[dict]:
    """The groups and items ``user`` may open. The item whose URL is the longest prefix of ``path``
    (``"/"`` only matches exactly) is marked ``active``, and so is its group."""
    result = []
    for group in _groups:
        items = []
        for item in group.items:
            if not _allowed(user, item):
                continue
            url = _url(item.url_name)
            if url is None:
                continue
            items.append(
                {"label": item.label, "url": url, "url_name": item.url_name, "icon": item.icon, "active": False}
            )
        if items:
            result.append({"label": group.label, "icon": group.icon, "items": items, "active": False})
    if path:
        best, best_len = None, -1
        for group in result:
            for item in group["items"]:
                url = item["url"]
                matches = path == url if url == "/" else path.startswith(url)
                if matches and len(url) > best_len:
                    best, best_len = (group, item), len(url)
        if best is not None:
            best[0]["active"] = best[1]["active"] = True
    return result


def add_user_menu_items(items: Iterable[MenuItem]) -> None:
    """Entries of the user menu (password change, second factor, ...). Idempotent by url_name; an item whose
    URL name does not resolve is skipped, so an app may register links to screens that come later."""
    known = {i.url_name for i in _user_items}
    for item in items:
        if item.url_name not in known:
            _user_items.append(item)
            known.add(item.url_name)
    _user_items.sort(key=lambda i: i.order)


def user_menu_for(user) -> list[dict]:
    result = []
    for item in _user_items:
        if _allowed(user, item) and (url := _url(item.url_name)) is not None:
            result.append({"label": item.label, "url": url, "url_name": item.url_name, "icon": item.icon})
    return result


def set_brand_provider(provider: Callable[[], dict] | None) -> None:
    """Register the callable that returns the brand of the top bar: ``{"name": str, "logo_url": str | None}``.

    Its result is cached (``BRAND_CACHE_SECONDS``); call ``brand_cache_clear()`` when the brand changes.
    """
    global _brand_provider
    _brand_provider = provider


def brand() -> dict:
    """The brand of the top bar, from the cache (at most one provider call per cache period)."""
    from django.core.cache import cache

    if _brand_provider is None:
        return {"name": "", "logo_url": None}
    value = cache.get(BRAND_CACHE_KEY)
    if value is None:
        value = _brand_provider()
        cache.set(BRAND_CACHE_KEY, value, BRAND_CACHE_SECONDS)
    return value


def brand_cache_clear() -> None:
    from django.core.cache import cache

    cache.delete(BRAND_CACHE_KEY)


def set_user_roles_provider(provider: Callable[[object], list[str]] | None) -> None:
    """Register the callable that lists the (translated) role labels of a user for the user menu."""
    global _roles_provider
    _roles_provider = provider


def user_roles(user) -> list[str]:
    return _roles_provider(user) if _roles_provider is not None else []
