"""The invitation by e-mail, for invitees whose address is known: through the outbox.

The mail says what the letter says, in German and, where the site is translated into the
invitee's language, in that language too, with the personal link. Each invitee gets it once
(`emailed_at` is set in the same transaction as the mail is queued, under a row lock);
staff may send one invitee's mail again. Sending to everyone runs as a background task,
and the outbox delivers each mail and retries while the mail server is away.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.outbox.services import queue_mail

from .letters import letter_text, second_language
from .links import answer_url
from .models import Ceremony, Invitee

MAIL_PURPOSE = "ceremony"
BATCH = 200


def mail_purpose(invitee: Invitee) -> str:
    return f"{MAIL_PURPOSE}.{invitee.ceremony_id}"


def compose(invitee: Invitee) -> tuple[str, str]:
    """(subject, body) of the invitee's invitation."""
    ceremony = invitee.ceremony
    url = answer_url(invitee)
    texts = [letter_text(ceremony, invitee, url, settings.LANGUAGE_CODE)]
    other = second_language(invitee)
    if other:
        texts.append(letter_text(ceremony, invitee, url, other))
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"{_('Invitation to the naturalisation ceremony')}: {ceremony.title}"
        body = render_to_string(
            "ceremonies/mail/invitation.txt",
            {
                "texts": texts,
                "url": url,
                "ceremony": ceremony,
                "signatory": ceremony.signatory_name or ceremony.centre.name,
                "signatory_role": ceremony.signatory_role if ceremony.signatory_name else "",
            },
        )
    return subject, body


def send_invitation(invitee: Invitee, *, again: bool = False) -> bool:
    """Queue the invitee's invitation, once (or `again`); False when it was sent before."""
    with transaction.atomic():
        locked = (
            Invitee.objects.select_for_update()
            .select_related("ceremony__centre__site")
            .filter(pk=invitee.pk, anonymised=False)
            .exclude(email="")
            .first()
        )
        if locked is None or (locked.emailed_at is not None and not again):
            return False
        subject, body = compose(locked)
        centre = locked.ceremony.centre
        queue_mail(
            centre=centre,
            to=[locked.email],
            subject=subject,
            body=body,
            reply_to=[centre.email] if centre.email else [],
            purpose=mail_purpose(locked),
        )
        Invitee.objects.filter(pk=locked.pk).update(emailed_at=timezone.now())
    return True


def schedule_invitations(ceremony: Ceremony, user) -> None:
    record(
        user,
        AuditEntry.Action.CHANGE,
        Invitee,
        centre_id=ceremony.centre_id,
        detail={"e-mail invitations": ceremony.pk},
    )
    ceremony_id = ceremony.pk
    transaction.on_commit(lambda: send_invitations.enqueue(ceremony_id))


@task()
def send_invitations(ceremony_id: int) -> int:
    """Queue the invitation of everyone with an address who has had none; returns how many.
    Run twice, the second run finds nobody left."""
    sent = 0
    waiting = Invitee.objects.filter(
        ceremony_id=ceremony_id, anonymised=False, emailed_at=None
    ).exclude(email="")
    for pk in list(waiting.order_by("pk").values_list("pk", flat=True)):
        sent += send_invitation(Invitee(pk=pk))
    return sent
