"""Receiving a message from the public site: store it, then mail it to the office via the outbox."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import get_language, override

from mia.core.models import Centre
from mia.outbox.services import queue_mail

from .models import Message


@transaction.atomic
def receive_message(centre: Centre, kind: str, data: dict) -> Message:
    message = Message.objects.create(
        centre=centre,
        kind=kind,
        name=data["name"],
        email=data["email"],
        subject=data["subject"],
        body=data["body"],
        page_url=data.get("page_url", ""),
        language=get_language() or settings.LANGUAGE_CODE,
    )
    # The office reads German, whatever language the sender wrote in.
    with override(settings.LANGUAGE_CODE):
        subject = render_to_string("contact/mail_subject.txt", {"message": message}).strip()
        body = render_to_string("contact/mail_body.txt", {"message": message, "centre": centre})
    queue_mail(
        centre=centre,
        to=[centre.email],
        subject=subject,
        body=body,
        reply_to=[message.email],
        purpose=f"contact.{kind}",
    )
    return message
