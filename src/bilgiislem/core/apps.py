from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bilgiislem.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import signals  # noqa: F401  registers the SQLite Turkish collation

        self._register_menu()

    @staticmethod
    def _register_menu() -> None:
        from .navigation import MenuItem, add_menu_items

        add_menu_items(
            _("Calendar"),
            "calendar3",
            80,
            [
                MenuItem(
                    _("Working calendar"), "core:calendar", permission="core.view_calendaroverride", icon="calendar3"
                ),
                MenuItem(
                    _("Deadline calculator"),
                    "core:deadline_calculator",
                    icon="calculator",
                    order=110,
                    predicate=lambda user: user.is_authenticated,
                ),
            ],
        )
        add_menu_items(
            _("Administration"),
            "gear",
            90,
            [
                MenuItem(_("Audit log"), "core:audit_list", permission="core.view_auditlog", icon="journal-check"),
            ],
        )
