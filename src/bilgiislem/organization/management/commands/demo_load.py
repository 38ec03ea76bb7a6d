from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bilgiislem.core.demo import demo_steps
from bilgiislem.organization.demo import DEMO_USERNAMES, REGULATIONS
from bilgiislem.organization.models import Municipality


class Command(BaseCommand):
    help = "Build a realistic demo municipality from a regulation text (demo only: fixed users, a shared password)."

    def add_arguments(self, parser):
        parser.add_argument("--regulation", choices=sorted(REGULATIONS), default="korfez")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if a municipality already exists.")
        parser.add_argument("--print-credentials", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, **options):
        if options["print_credentials"]:
            self._print_credentials()
            return
        if Municipality.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo not loaded: the database already has a municipality.")
                return
            raise CommandError(
                "Bu veritabanında zaten bir belediye var; demo yalnızca boş veritabanına yüklenir. / "
                "The database already has a municipality; the demo loads only into an empty database."
            )
        ctx: dict = {"regulation": options["regulation"]}
        with transaction.atomic():
            for step in demo_steps():
                self.stdout.write(f"demo: {step.name}")
                step.run(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo municipality loaded: {ctx['municipality']}"))
        if not options["if_empty"]:  # `make run` prints them itself, on every start
            self._print_credentials()

    def _print_credentials(self):
        self.stdout.write("Demo logins (demo only — never use these on a real installation):")
        for username, role in DEMO_USERNAMES:
            self.stdout.write(f"  {username:<16} {role}")
        self.stdout.write(f"  password: {settings.DEMO_PASSWORD}")
        self.stdout.write("  mudur and yonetici set up a TOTP second factor at first login.")
