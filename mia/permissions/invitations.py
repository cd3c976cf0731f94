"""Inviting people to a centre, and accepting an invitation. Links work once and expire."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from mia.core.models import Centre
from mia.outbox.services import queue_rendered_mail

from .models import Invitation, hash_token
from .services import grant


class InvitationError(Exception):
    """The link is unknown, used or expired (the visitor is told which is not revealed)."""


def invitation_url(centre: Centre, token: str) -> str:
    from mia.core.services import site_url

    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("accept_invitation", kwargs={"token": token})
    return site_url(centre) + path


@transaction.atomic
def invite(
    centre: Centre,
    email: str,
    role: str,
    domain: str = "",
    invited_by=None,
    organisation=None,
) -> tuple[Invitation, str]:
    """Store the invitation and queue its mail in one transaction; returns the raw token."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        centre=centre,
        email=email.strip().lower(),
        role=role,
        domain=domain,
        organisation=organisation,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + datetime.timedelta(days=settings.MIA_INVITATION_DAYS),
    )
    context = {
        "centre": centre,
        "invitation": invitation,
        "url": invitation_url(centre, token),
        "days": settings.MIA_INVITATION_DAYS,
    }
    queue_rendered_mail(
        "accounts/mail/invitation",
        context,
        language=settings.LANGUAGE_CODE,
        centre=centre,
        to=[invitation.email],
        purpose="invitation",
    )
    return invitation, token


def open_invitation(token: str, *, lock: bool = False) -> Invitation:
    queryset = Invitation.objects.select_related("centre")
    if lock:
        queryset = queryset.select_for_update()
    invitation = queryset.filter(token_hash=hash_token(token)).first()
    if invitation is None or invitation.status != Invitation.Status.OPEN:
        raise InvitationError
    return invitation


def existing_account(invitation: Invitation):
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def accept(token: str, *, password: str | None = None, user=None):
    """Grant the invitation's role: to `user` (signed in, same address) or to a new account.

    The row is locked, so two clicks on the same link cannot both succeed.
    """
    invitation = open_invitation(token, lock=True)
    if user is None:
        if existing_account(invitation) is not None or not password:
            raise InvitationError
        user = get_user_model().objects.create_user(
            username=invitation.email, email=invitation.email, password=password
        )
    elif user.email.lower() != invitation.email:
        raise InvitationError
    grant(invitation.centre, user, invitation.role, invitation.domain)
    if invitation.organisation_id:
        from mia.organisations.models import OrganisationMember

        OrganisationMember.objects.get_or_create(
            organisation_id=invitation.organisation_id, user=user
        )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user
