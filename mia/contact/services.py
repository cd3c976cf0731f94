"""Receiving a message from the public site: store it, then mail it to the office via the outbox."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language

from mia.core.models import Centre
from mia.outbox.services import queue_rendered_mail

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
    queue_rendered_mail(
        "contact/mail",
        {"message": message, "centre": centre},
        language=settings.LANGUAGE_CODE,
        centre=centre,
        to=[centre.email],
        reply_to=[message.email],
        purpose=f"contact.{kind}",
    )
    return message
