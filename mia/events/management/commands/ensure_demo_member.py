import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from mia.events.demo import DEMO_MEMBER_EMAIL, DEMO_MEMBER_ORGANISATION
from mia.organisations.models import Organisation, OrganisationMember
from mia.permissions.roles import Role
from mia.permissions.services import grant


class Command(BaseCommand):
    help = (
        "Create the demo organisation's member account once and print its credentials, so the "
        "submission of events can be tried (DEBUG only, after load_demo)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_demo_member is for development only (DEBUG=True).")
        organisation = (
            Organisation.objects.filter(name=DEMO_MEMBER_ORGANISATION, centre__slug="dortmund")
            .select_related("centre")
            .first()
        )
        if organisation is None:
            raise CommandError("The demo is not loaded: run `manage.py load_demo` first.")
        credentials = Path(settings.BASE_DIR) / "var" / "demo-member.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=DEMO_MEMBER_EMAIL).first()
        if credentials.exists() and user is not None:
            password = credentials.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            if user is None:
                # named like the accounts invitations make: the address is the user name
                user = user_model(username=DEMO_MEMBER_EMAIL, email=DEMO_MEMBER_EMAIL)
            user.set_password(password)
            user.save()
            credentials.parent.mkdir(parents=True, exist_ok=True)
            credentials.write_text(password + "\n")
            credentials.chmod(0o600)
        grant(organisation.centre, user, Role.ORGANISATION_MEMBER)
        OrganisationMember.objects.get_or_create(organisation=organisation, user=user)
        url = settings.WAGTAILADMIN_BASE_URL + reverse("account_login")
        self.stdout.write(
            self.style.SUCCESS(
                f"Organisation account ({organisation}): {url}  sign in as: {DEMO_MEMBER_EMAIL}  "
                f"password: {password}"
            )
        )
