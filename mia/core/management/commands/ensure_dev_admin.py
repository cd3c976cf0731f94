import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the development admin once and print its credentials (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin is for development only (DEBUG=True).")
        credentials = Path(settings.BASE_DIR) / "var" / "dev-admin.txt"
        user_model = get_user_model()
        if credentials.exists() and user_model.objects.filter(username="admin").exists():
            password = credentials.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            user, _created = user_model.objects.get_or_create(
                username="admin", defaults={"email": "admin@localhost"}
            )
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            credentials.parent.mkdir(parents=True, exist_ok=True)
            credentials.write_text(password + "\n")
            credentials.chmod(0o600)
        url = f"{settings.WAGTAILADMIN_BASE_URL}/{settings.WAGTAILADMIN_PATH}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Back office: {url}  sign in as: admin@localhost  password: {password}"
            )
        )
