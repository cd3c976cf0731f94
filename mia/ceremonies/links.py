"""The personal link printed on a letter, sent by e-mail and drawn as the QR code.

The answer page is mounted at `ANSWER_PATH` (`urls.py`); the link leads to it in the
invitee's language where the site speaks it, so a letter in Arabic opens an Arabic page.
The code in it is a secret (`CODES`): wrong ones are counted, and it never reaches a log.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from mia.core.qr import qr_data_uri
from mia.core.secret_links import SecretLink

from .models import Invitee

# the public pages' paths (German, as every path of the site), without language prefix
ENTRY_PATH = "einbuergerungsfeier/"
ANSWER_PATH = ENTRY_PATH + "<str:code>/"
CODES = SecretLink(ENTRY_PATH, group="mia.ceremonies.code")


def page_language(invitee: Invitee) -> str:
    """The invitee's language if the site is offered in it, else the site's default."""
    offered = {code for code, _name in settings.LANGUAGES}
    return invitee.language if invitee.language in offered else settings.LANGUAGE_CODE


def answer_url(invitee: Invitee) -> str:
    """The absolute address of the invitee's answer page."""
    from mia.core.services import site_url

    with translation.override(page_language(invitee)):
        path = reverse("ceremonies:answer", kwargs={"code": invitee.code})
    return site_url(invitee.centre) + path


def answer_qr(invitee: Invitee, scale: int = 4) -> str:
    """The QR code of `answer_url`, as a data URI for an `<img>`: on the letter it opens the
    answer page; on the ticket the door's check-in page reads the code from it."""
    return qr_data_uri(answer_url(invitee), scale)
