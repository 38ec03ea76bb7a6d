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
