"""Institutions that may request mediators: registration on the public site, and the centre's
decision (approve, reject, suspend).

Only institutions request: schools, day-care centres, authorities, counselling and health
services, associations. A registration makes the organisation (the organisations app: its
members are the contact accounts) and its pool profile, pending, in one transaction, and
tells the pool's coordinators. Approval invites the contact person's e-mail address with the
role `institution_contact` for that organisation, as an organisation member is invited
(`mia.permissions.invitations.invite`); the invitation's link makes the account.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core.models import Centre, Membership
from mia.organisations.models import Organisation
from mia.outbox.services import queue_mail
from mia.permissions.invitations import invite
from mia.permissions.models import Invitation
from mia.permissions.roles import Role

from .models import Institution

MAIL_PURPOSE = "pool.institution"
POOL_DOMAIN = "pool"

# the organisations app's broader kinds, for its own lists
ORGANISATION_KIND = {
    Institution.Kind.SCHOOL: Organisation.Kind.INSTITUTION,
    Institution.Kind.DAY_CARE: Organisation.Kind.INSTITUTION,
    Institution.Kind.AUTHORITY: Organisation.Kind.ADMINISTRATION,
    Institution.Kind.COUNSELLING: Organisation.Kind.INSTITUTION,
    Institution.Kind.HEALTH: Organisation.Kind.INSTITUTION,
    Institution.Kind.ASSOCIATION: Organisation.Kind.ASSOCIATION,
    Institution.Kind.OTHER: Organisation.Kind.INSTITUTION,
}


class DecisionError(Exception):
    """The institution is not in a state that allows this decision."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def coordinator_addresses(centre: Centre) -> list[str]:
    """Who hears of the pool's news: the centre's pool coordinators, else the centre's own
    address (a centre without pool coordinators still gets the mail)."""
    addresses = list(
        Membership.objects.filter(centre=centre, role=Role.COORDINATOR, domain=POOL_DOMAIN)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not addresses and centre.email:
        addresses = [centre.email]
    return addresses


def tell_coordinators(centre: Centre, subject: str, template: str, context: dict) -> None:
    """A notice to the coordinators through the outbox, in the office's language."""
    to = coordinator_addresses(centre)
    if not to:
        return
    from mia.core.services import site_url

    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template, {**context, "centre": centre, "base_url": site_url(centre)}
        )
    queue_mail(centre=centre, to=to, subject=subject, body=body, purpose="pool.coordinators")


def name_taken(centre: Centre, name: str) -> bool:
    return Organisation.objects.filter(centre=centre, name__iexact=name.strip()).exists()


@transaction.atomic
def register(centre: Centre, data: dict) -> Institution:
    """The organisation and its pool profile (pending), and a notice to the coordinators.

    `data`: name, kind, street, postcode, city, district (or None), contact_name, email.
    A name the centre knows already is refused at the field (an organisation that works with
    the centre asks it to be approved instead of registering twice).
    """
    name = data["name"].strip()
    if name_taken(centre, name):
        raise ValidationError(
            {
                "name": _(
                    "An organisation of this name is already registered with us. If it is "
                    "yours, please write to us instead of registering again."
                )
            }
        )
    organisation = Organisation.objects.create(
        centre=centre,
        name=name,
        kind=ORGANISATION_KIND[data["kind"]],
        contact_name=data["contact_name"].strip(),
        email=data["email"].strip().lower(),
    )
    institution = Institution.objects.create(
        centre=centre,
        organisation=organisation,
        kind=data["kind"],
        street=data.get("street", "").strip(),
        postcode=data.get("postcode", "").strip(),
        city=data.get("city", "").strip(),
        district=data.get("district"),
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Language mediation: %(name)s asks to be approved") % {"name": name}
    tell_coordinators(
        centre, subject, "pool/institutions/mail/registered.txt", {"institution": institution}
    )
    return institution


def _locked(institution: Institution) -> Institution:
    return (
        Institution.objects.select_for_update(of=("self",))
        .select_related("organisation", "centre")
        .get(pk=institution.pk)
    )


def _has_contact(institution: Institution) -> bool:
    """A contact account already acts for the institution, or is invited and may still."""
    organisation = institution.organisation
    if organisation.memberships.exists():
        return True
    return any(
        invitation.status == Invitation.Status.OPEN
        for invitation in Invitation.objects.filter(
            organisation=organisation, role=Role.INSTITUTION_CONTACT
        )
    )


@transaction.atomic
def approve(institution: Institution, by) -> Institution:
    """Approved: its contacts may request. The contact person is invited (once: an
    institution approved again after a suspension keeps its accounts)."""
    locked = _locked(institution)
    if locked.status == Institution.Status.APPROVED:
        raise DecisionError(_("This institution is approved already."))
    locked.status = Institution.Status.APPROVED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    email = locked.organisation.email
    if email and not _has_contact(locked):
        invite(
            locked.centre,
            email,
            Role.INSTITUTION_CONTACT,
            invited_by=by,
            organisation=locked.organisation,
        )
    record(by, AuditEntry.Action.CHANGE, locked, detail={"status": locked.status})
    return locked


@transaction.atomic
def reject(institution: Institution, by, reason: str) -> Institution:
    """Not approved, with the reason mailed to the contact person."""
    reason = reason.strip()
    if not reason:
        raise DecisionError(_("Please give the reason: the institution is told."))
    locked = _locked(institution)
    if locked.status != Institution.Status.PENDING:
        raise DecisionError(_("Only a registration waiting for approval can be rejected."))
    locked.status = Institution.Status.REJECTED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    _tell_contact(
        locked,
        gettext_lazy("Your registration for the language mediation pool"),
        "pool/institutions/mail/rejected.txt",
        {"reason": reason},
    )
    record(by, AuditEntry.Action.CHANGE, locked, detail={"status": locked.status})
    return locked


@transaction.atomic
def suspend(institution: Institution, by, reason: str = "") -> Institution:
    """No more requests from it until approved again; requests already made stay."""
    locked = _locked(institution)
    if locked.status != Institution.Status.APPROVED:
        raise DecisionError(_("Only an approved institution can be suspended."))
    locked.status = Institution.Status.SUSPENDED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    _tell_contact(
        locked,
        gettext_lazy("Your institution can no longer request language mediators for now"),
        "pool/institutions/mail/suspended.txt",
        {"reason": reason.strip()},
    )
    record(by, AuditEntry.Action.CHANGE, locked, detail={"status": locked.status})
    return locked


def _tell_contact(institution: Institution, subject, template: str, context: dict) -> None:
    email = institution.organisation.email
    if not email:
        return
    centre = institution.centre
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, {**context, "institution": institution, "centre": centre})
        subject = str(subject)
    queue_mail(
        centre=centre,
        to=[email],
        subject=subject,
        body=body,
        reply_to=[centre.email] if centre.email else [],
        purpose=MAIL_PURPOSE,
    )


def contact_institutions(user, centre: Centre):
    """The institutions of `centre` the user acts for: their organisation's member, with the
    role `institution_contact` in the centre. Approved or not (the pages say which)."""
    if not user.is_authenticated:
        return Institution.objects.none()
    if not Membership.objects.filter(
        user=user, centre=centre, role=Role.INSTITUTION_CONTACT
    ).exists():
        return Institution.objects.none()
    return Institution.objects.filter(
        centre=centre, organisation__memberships__user=user
    ).select_related("organisation")
