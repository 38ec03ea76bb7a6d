"""core.navigation: menus registered by several apps, permission filtering, active item, brand cache."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from bilgiislem.core import navigation
from bilgiislem.core.navigation import MenuGroup, MenuItem


class FakeUser:
    def __init__(self, *perms: str):
        self.perms = set(perms)

    def has_perm(self, perm: str) -> bool:
        return perm in self.perms


@pytest.fixture(autouse=True)
def empty_registry(monkeypatch):
    monkeypatch.setattr(navigation, "_groups", [])
    monkeypatch.setattr(navigation, "_user_items", [])


def test_add_menu_items_same_label_twice_merges_into_one_group():
    navigation.add_menu_items(_("Organisation"), "diagram-3", 10, [MenuItem("Units", "organization:unit_list")])
    with translation.override("en"):
        navigation.add_menu_items(_("Organisation"), "other", 99, [MenuItem("Login", "organization:login", order=5)])
    groups = navigation.registered_groups()
    assert len(groups) == 1
    assert (groups[0].icon, groups[0].order) == ("diagram-3", 10)
    assert [i.url_name for i in groups[0].items] == ["organization:login", "organization:unit_list"]


def test_add_menu_items_repeated_item_is_added_once():
    item = MenuItem("Units", "organization:unit_list")
    navigation.add_menu_items("Organisation", "x", 10, [item])
    navigation.add_menu_items("Organisation", "x", 10, [item])
    navigation.register_menu(MenuGroup("Organisation", "x", 10, [item]))
    assert len(navigation.registered_groups()[0].items) == 1


def test_groups_are_ordered_by_order():
    navigation.add_menu_items("Reports", "x", 90, [MenuItem("Login", "organization:login")])
    navigation.add_menu_items("Organisation", "x", 10, [MenuItem("Units", "organization:unit_list")])
    assert [g.label for g in navigation.registered_groups()] == ["Organisation", "Reports"]


def test_menu_for_hides_items_without_permission_and_empty_groups():
    navigation.add_menu_items(
        "Organisation",
        "x",
        10,
        [
            MenuItem("Units", "organization:unit_list", permission="organization.view_unit"),
            MenuItem("Users", "organization:user_list", permission="organization.view_user"),
        ],
    )
    navigation.add_menu_items("Secret", "x", 20, [MenuItem("Audit", "core:home", permission="core.view_auditlog")])
    menu = navigation.menu_for(FakeUser("organization.view_unit"))
    assert [g["label"] for g in menu] == ["Organisation"]
    assert [i["label"] for i in menu[0]["items"]] == ["Units"]


def test_menu_for_skips_unknown_url_names():
    navigation.add_menu_items(
        "Organisation",
        "x",
        10,
        [
            MenuItem("Later", "organization:does_not_exist"),
            MenuItem("Units", "organization:unit_list"),
        ],
    )
    assert [i["label"] for i in navigation.menu_for(FakeUser())[0]["items"]] == ["Units"]


def test_menu_for_marks_longest_matching_prefix_active():
    navigation.add_menu_items("Main", "x", 0, [MenuItem("Home", "core:home")])
    navigation.add_menu_items(
        "Organisation",
        "x",
        10,
        [
            MenuItem("Units", "organization:unit_list"),
            MenuItem("People", "organization:person_list"),
        ],
    )
    menu = navigation.menu_for(FakeUser(), "/teskilat/birimler/12/duzenle/")
    active = [(g["label"], i["label"]) for g in menu for i in g["items"] if i["active"]]
    assert active == [("Organisation", "Units")]
    assert [g["active"] for g in menu] == [False, True]


def test_menu_for_home_is_active_only_on_the_home_page():
    navigation.add_menu_items("Main", "x", 0, [MenuItem("Home", "core:home")])
    assert navigation.menu_for(FakeUser(), "/")[0]["items"][0]["active"] is True
    assert navigation.menu_for(FakeUser(), "/takvim/")[0]["items"][0]["active"] is False


def test_user_menu_skips_items_whose_predicate_fails():
    navigation.add_user_menu_items(
        [
            MenuItem("Password", "organization:login", order=1),
            MenuItem("Hidden", "core:home", predicate=lambda user: False),
        ]
    )
    assert [i["label"] for i in navigation.user_menu_for(FakeUser())] == ["Password"]


def test_brand_is_cached_until_cleared(monkeypatch):
    calls = []

    def provider():
        calls.append(1)
        return {"name": f"Belediye {len(calls)}", "logo_url": None}

    monkeypatch.setattr(navigation, "_brand_provider", provider)
    navigation.brand_cache_clear()
    assert navigation.brand()["name"] == "Belediye 1"
    assert navigation.brand()["name"] == "Belediye 1"
    navigation.brand_cache_clear()
    assert navigation.brand()["name"] == "Belediye 2"
    navigation.brand_cache_clear()
