"""The back office's guards: two-factor login for staff, idle and absolute session limits.

Staff reach other people's personal data, so for them a password alone opens nothing: a
staff account without a second factor is sent to set one up, and a session that was not
confirmed with it (e.g. one begun before the role was granted) is sent to sign in again.
"""

import datetime
import time

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .policy import is_staff_user, requires_two_factor

SESSION_STARTED = "mia_session_started"
IDLE_TOUCHED = "mia_idle_touched"


def _confirmed_with_second_factor(request: HttpRequest) -> bool:
    if any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    ):
        return True
    # Setting up a factor means proving it works (a valid code, a key's signature): a
    # factor added during this session counts as this session's second step.
    started = request.session.get(SESSION_STARTED)
    return (
        started is not None
        and Authenticator.objects.filter(
            user=request.user,
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
            created_at__gte=datetime.datetime.fromtimestamp(started, tz=datetime.UTC),
        ).exists()
    )


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.WAGTAILADMIN_PATH

    def __call__(self, request: HttpRequest) -> HttpResponse:
        in_back_office = request.path.startswith(self.admin_prefix)
        if in_back_office and request.user.is_authenticated:
            if not is_staff_user(request.user):
                # organisations, institutions and volunteers work on the public site only
                raise PermissionDenied
            refusal = self._guard(request)
            if refusal is not None:
                return refusal
        response = self.get_response(request)
        if "/konto/" in request.path:
            # pages about one person's account are never stored by a browser or proxy
            add_never_cache_headers(response)
        return response

    def _guard(self, request: HttpRequest) -> HttpResponse | None:
        now = int(time.time())
        started = request.session.setdefault(SESSION_STARTED, now)
        if now - started > settings.MIA_STAFF_SESSION_MAX_SECONDS:
            logout(request)
            return redirect(f"{reverse('account_login')}?next={request.path}")
        # Back-office requests restart the idle clock; at most once a minute, so the many
        # requests of one admin page do not each write the session.
        if now - request.session.get(IDLE_TOUCHED, 0) >= 60:
            request.session[IDLE_TOUCHED] = now
            request.session.set_expiry(settings.MIA_STAFF_SESSION_IDLE_SECONDS)
        if not requires_two_factor(request.user):
            return None
        if not Authenticator.objects.filter(user=request.user).exists():
            messages.warning(
                request,
                _("Please set up two-factor login first: the back office requires it."),
            )
            return redirect("mfa_index")
        if not _confirmed_with_second_factor(request):
            logout(request)
            return redirect(f"{reverse('account_login')}?next={request.path}")
        return None
