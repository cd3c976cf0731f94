"""MIA's rules for django-allauth: no sign-up (invitation only), mail through the outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string

from mia.core.models import Centre
from mia.outbox.services import queue_mail

from .policy import is_staff_user


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if is_staff_user(request.user):
            return "/" + settings.WAGTAILADMIN_PATH
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Mails about an account (password reset, new second factor) go through the outbox like
        # every other mail, so a mail server that is down delays them instead of losing them.
        request = getattr(self, "request", None) or context.get("request")
        centre = getattr(request, "centre", None) or Centre.objects.order_by("pk").first()
        if centre is None:
            return super().send_mail(template_prefix, email, context)
        context = {**context, "centre": centre}
        subject = render_to_string(f"{template_prefix}_subject.txt", context, request).strip()
        body = render_to_string(f"{template_prefix}_message.txt", context, request)
        queue_mail(
            centre=centre,
            to=[email],
            subject=self.format_email_subject(" ".join(subject.splitlines())),
            body=body,
            purpose=template_prefix.rsplit("/", 1)[-1][:50],
        )
