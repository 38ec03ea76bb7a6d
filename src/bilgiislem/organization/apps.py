from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "bilgiislem.organization"
    label = "organization"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from bilgiislem.core.demo import register_demo_step

        from . import signals  # noqa: F401

        def build_demo(ctx):
            from .demo import build

            build(ctx)

        register_demo_step(10, "organization", build_demo)
        self._register_shell()

        from .home import register as register_home_sections

        register_home_sections()  # "my open work" sections of the home page (core.home)

    def _register_shell(self) -> None:
        """The organisation menu, the user menu links and the brand of the top bar (core.navigation)."""
        from django.db.models.signals import post_delete, post_save

        from bilgiislem.core import navigation
        from bilgiislem.core.navigation import MenuItem

        from . import selectors
        from .models import Municipality
        from .permissions import needs_second_factor

        # Group label shared with the leave / deputyship / regulation screens: "Organisation".
        directory_items = [
            MenuItem(
                _("Municipality"),
                "organization:municipality_detail",
                "organization.view_municipality",
                icon="bank",
                order=10,
            ),
            MenuItem(_("Units"), "organization:unit_list", "organization.view_unit", icon="diagram-3", order=20),
            MenuItem(_("People"), "organization:person_list", "organization.view_person", icon="people", order=30),
            MenuItem(
                _("User accounts"), "organization:user_list", "organization.view_user", icon="person-gear", order=40
            ),
        ]
        navigation.add_menu_items(_("Organisation"), "diagram-3", 10, directory_items)
        navigation.add_menu_items(
            _("Organisation"),
            "diagram-3",
            10,
            [
                MenuItem(
                    _("Leave plans"),
                    "organization:leave_list",
                    permission="organization.view_leaveplan",
                    icon="calendar-week",
                    order=50,
                ),
                MenuItem(
                    _("Deputyships"),
                    "organization:deputyship_list",
                    permission="organization.view_deputyship",
                    icon="person-badge",
                    order=60,
                ),
                MenuItem(
                    _("Signature delegations"),
                    "organization:delegation_list",
                    permission="organization.view_signaturedelegation",
                    icon="pen",
                    order=70,
                ),
                MenuItem(
                    _("Regulations"),
                    "organization:regulation_list",
                    permission="organization.view_regulation",
                    icon="journal-text",
                    order=80,
                ),
                MenuItem(
                    _("Duty catalogue"),
                    "organization:duty_list",
                    permission="organization.view_duty",
                    icon="list-check",
                    order=90,
                ),
            ],
        )
        # Screens of the account helper; items whose URL name does not exist are skipped.
        account_items = [
            MenuItem(_("Change password"), "organization:password_change", icon="key", order=10),
            MenuItem(
                _("Two-factor authentication"), "organization:otp_setup", None, needs_second_factor, "shield-lock", 20
            ),
        ]
        navigation.add_user_menu_items(account_items)
        navigation.set_brand_provider(selectors.municipality_brand)
        navigation.set_user_roles_provider(selectors.user_role_labels)

        def _brand_changed(**kwargs):
            navigation.brand_cache_clear()

        post_save.connect(_brand_changed, sender=Municipality, dispatch_uid="organization_brand_save", weak=False)
        post_delete.connect(_brand_changed, sender=Municipality, dispatch_uid="organization_brand_delete", weak=False)
