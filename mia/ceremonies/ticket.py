"""The ticket as a PDF (A6, one page): what the answer page's ticket shows, to print or to
keep on the phone. Laid out by WeasyPrint with the site's own fonts, reading nothing else
(mia/core/pdf.py), in the page's language; German texts of the ceremony keep their
direction in an Arabic ticket."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from mia.core.languages import RTL_LANGUAGES
from mia.core.pdf import pdf_context, write_pdf

from .links import answer_qr, answer_url
from .models import Invitee


def ticket_html(invitee: Invitee, language: str | None = None) -> str:
    from .views import ceremony_facts

    language = language or translation.get_language()
    rtl = language in RTL_LANGUAGES
    with translation.override(language):
        return render_to_string(
            "ceremonies/ticket/ticket.html",
            {
                **ceremony_facts(invitee.ceremony),
                "invitee": invitee,
                "centre": invitee.centre,
                "language": language,
                **pdf_context(rtl),
                "qr": answer_qr(invitee, scale=4),
                "url": answer_url(invitee),
                "created": timezone.localtime().isoformat(timespec="seconds"),
            },
        )


def render_ticket(invitee: Invitee, language: str | None = None) -> bytes:
    return write_pdf(ticket_html(invitee, language))
