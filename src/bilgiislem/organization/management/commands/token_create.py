"""``bilgiislem token_create USERNAME [--rotate]``: print the REST API token of a user (for machine clients)."""

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bilgiislem.core.exceptions import RuleViolation
from bilgiislem.organization.auth import api_token_issue


class Command(BaseCommand):
    help = (
        "Print the REST API token of USERNAME, creating it if needed; --rotate replaces it (the old token stops "
        "working). Use it as 'Authorization: Token <key>'."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Replace the existing token with a new one.")

    def handle(self, *args, username: str, rotate: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            operator = getpass.getuser()
        except Exception:  # no login name in some containers
            operator = "unknown"
        try:
            key, created = api_token_issue(
                user=user, actor=None, rotate=rotate, reason=f"bilgiislem token_create (operator: {operator})"
            )
        except RuleViolation as exc:
            raise CommandError(f"{username}: {exc}") from exc
        if created:
            self.stderr.write(f"{'New token' if rotate else 'Token created'} for {username}.")
        self.stdout.write(key)
