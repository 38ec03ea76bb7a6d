"""Connection set-up: SQLite gets a Python collation under the ICU collation's name."""

from django.db.backends.signals import connection_created
from django.dispatch import receiver

from .turkish import TR_COLLATION, tr_collate


@receiver(connection_created)
def register_turkish_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(TR_COLLATION, tr_collate)
