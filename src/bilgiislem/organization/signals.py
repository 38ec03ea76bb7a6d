from django.db.models.signals import post_migrate
from django.dispatch import receiver

from bilgiislem.core.querysets import register_scope_resolver

from .scoping import resolve_visible_units

register_scope_resolver(resolve_visible_units)


@receiver(post_migrate)
def sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    if app_config is None or app_config.label != "organization":
        return
    from .services import roles_sync

    roles_sync(using=using)
