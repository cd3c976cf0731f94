"""The invitation letters: one PDF with one A4 page per invitee, for mail merge.

Each page is a DIN 5008 letter (form B) for a window envelope: the centre's return address
and the invitee's address in the window, the personal code (grouped, "ABCD-EFGH-JK") with
the QR code of the personal answer link beside it, then the text in German and, where the
site is translated into the invitee's language, the same text in that language (Arabic
right to left, in the Arabic font). The centre's own words (`invitation_note`) and the
signature come from the ceremony.

A few thousand pages take minutes (docs/performance.md), so the PDF is made in the
background (`make_letters`), in chunks laid out one after the other and joined, and kept as
a `LetterBatch` in the private folder until it is downloaded and printed.
"""

import datetime
import io
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from mia.core.languages import RTL_LANGUAGES, direction, isolated
from mia.core.pdf import fetcher, pdf_context, write_pdf

from .links import answer_qr, answer_url, page_language
from .models import Ceremony, Invitee, LetterBatch

logger = logging.getLogger(__name__)

# laid out this many letters at a time: WeasyPrint's memory grows with the document
CHUNK = 200


def grouped(code: str | None) -> str:
    """The code as printed, in groups that are easy to read and type: ABCD-EFGH-JK."""
    code = code or ""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


HEADING = "Invitation to the naturalisation ceremony"


def has_letter_text(language: str) -> bool:
    """Whether the letter's text is translated into `language` yet (English is the source):
    until the catalogue has it, a second copy would only repeat the English source."""
    if language == "en":
        return True
    with translation.override(language):
        return _(HEADING) != HEADING


def second_language(invitee: Invitee) -> str | None:
    """The letter's second language: the invitee's, where the site has it, the letter's
    text is translated into it, and it is not German."""
    language = page_language(invitee)
    if language == settings.LANGUAGE_CODE or not has_letter_text(language):
        return None
    return language


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def letter_text(ceremony: Ceremony, invitee: Invitee, url: str, language: str) -> dict:
    """The letter's words in `language` (the invitee's data filled in)."""
    starts = _local(ceremony.starts_at)
    rtl = language in RTL_LANGUAGES

    def own(text: str) -> str:
        # German names and the link keep their order inside a right-to-left line
        return isolated(text, direction(text)) if rtl else text

    with translation.override(language):
        companions = ceremony.companions_allowed
        return {
            "language": language,
            "rtl": rtl,
            "heading": _("Invitation to the naturalisation ceremony"),
            "greeting": _("Dear %(name)s,") % {"name": own(invitee.name)},
            "invitation": _(
                "Congratulations on your naturalisation! We warmly invite you to celebrate it "
                "with us: %(title)s on %(date)s at %(time)s, %(venue)s."
            )
            % {
                "title": own(ceremony.title),
                "date": formats.date_format(starts.date(), "DATE_FORMAT"),
                "time": f"{starts:%H:%M}",
                "venue": own(ceremony.venue_name),
            },
            "companions": ngettext(
                "You may bring %(count)d companion.",
                "You may bring up to %(count)d companions.",
                companions,
            )
            % {"count": companions}
            if companions
            else _("Please come alone: seats are few."),
            "answer": _(
                "Please answer by %(deadline)s: scan the QR code or open %(url)s. If you type "
                "the address, your personal code is %(code)s."
            )
            % {
                "deadline": formats.date_format(
                    _local(ceremony.rsvp_deadline).date(), "DATE_FORMAT"
                ),
                "url": isolated(url, "ltr") if rtl else url,
                "code": isolated(grouped(invitee.code), "ltr") if rtl else grouped(invitee.code),
            },
            "seats": _(
                "Seats are limited and given in the order of the answers. When all are taken, "
                "you can join the waiting list."
            ),
            "closing": _("With kind regards"),
            "code_label": _("Your personal code"),
            "qr_alt": _("QR code of your personal answer link"),
        }


def letter_context(ceremony: Ceremony, invitee: Invitee) -> dict:
    url = answer_url(invitee)
    texts = [letter_text(ceremony, invitee, url, settings.LANGUAGE_CODE)]
    other = second_language(invitee)
    if other:
        texts.append(letter_text(ceremony, invitee, url, other))
    return {
        "invitee": invitee,
        "code": grouped(invitee.code),
        "qr": answer_qr(invitee, scale=4),
        "texts": texts,
    }


def _return_address(ceremony: Ceremony) -> str:
    centre = ceremony.centre
    parts = [centre.name, centre.street, " ".join(p for p in (centre.postcode, centre.city) if p)]
    return " · ".join(p for p in parts if p)


def render_html(ceremony: Ceremony, invitees: Iterable[Invitee]) -> str:
    """The letters of `invitees` as one HTML document, one page each."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "ceremonies/letters/letters.html",
            {
                "ceremony": ceremony,
                "centre": ceremony.centre,
                "return_address": _return_address(ceremony),
                "today": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
                "letters": [letter_context(ceremony, invitee) for invitee in invitees],
                **pdf_context(rtl=False),
                "signatory": ceremony.signatory_name or ceremony.centre.name,
                "signatory_role": ceremony.signatory_role if ceremony.signatory_name else "",
            },
        )


def build_letters(ceremony: Ceremony, invitees: list[Invitee]) -> bytes:
    """The PDF of the letters: `CHUNK` letters at a time laid out and written, then the
    chunks joined, so memory stays that of one chunk however many letters there are."""
    from pypdf import PdfWriter
    from weasyprint.text.fonts import FontConfiguration

    fonts, url_fetcher = FontConfiguration(), fetcher()

    def pdf(chunk: list[Invitee]) -> bytes:
        return write_pdf(render_html(ceremony, chunk), fonts, url_fetcher)

    chunks = [invitees[start : start + CHUNK] for start in range(0, len(invitees), CHUNK)]
    if len(chunks) <= 1:
        return pdf(chunks[0] if chunks else [])
    writer = PdfWriter()
    for chunk in chunks:
        writer.append(io.BytesIO(pdf(chunk)))
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    joined = io.BytesIO()
    writer.write(joined)
    return joined.getvalue()


def invitees_for(batch: LetterBatch):
    invitees = Invitee.objects.filter(ceremony=batch.ceremony, anonymised=False)
    if batch.only_new:
        invitees = invitees.filter(lettered_at=None)
    return invitees.order_by("postcode", "street", "name", "pk")


def request_letters(ceremony: Ceremony, user, *, only_new: bool = False) -> LetterBatch:
    """Ask for a PDF of letters: made by the task after the commit."""
    batch = LetterBatch.objects.create(
        centre_id=ceremony.centre_id, ceremony=ceremony, requested_by=user, only_new=only_new
    )
    transaction.on_commit(lambda: make_letters.enqueue(batch.pk))
    return batch


@task()
def make_letters(batch_id: int) -> int:
    """Make the PDF of a `LetterBatch`; returns the number of letters (0 if done before)."""
    with transaction.atomic():
        batch = (
            LetterBatch.objects.select_for_update()
            .filter(pk=batch_id, status=LetterBatch.Status.PENDING)
            .first()
        )
        if batch is None:
            return 0
        batch.status = LetterBatch.Status.RUNNING
        batch.save(update_fields=["status"])
    ceremony = Ceremony.objects.select_related("centre__site").get(pk=batch.ceremony_id)
    started = time.monotonic()
    try:
        invitees = list(invitees_for(batch))
        pdf = build_letters(ceremony, invitees)
    except Exception as error:
        logger.exception("letters %s failed", batch_id)
        LetterBatch.objects.filter(pk=batch_id).update(
            status=LetterBatch.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        return 0
    now = timezone.now()
    batch.file.save(
        f"{ceremony.centre_id}-{ceremony.pk}-{batch.pk}.pdf", ContentFile(pdf), save=False
    )
    batch.status = LetterBatch.Status.DONE
    batch.letters = len(invitees)
    batch.size = len(pdf)
    batch.seconds = round(time.monotonic() - started, 1)
    batch.finished_at = now
    batch.save()
    Invitee.objects.filter(pk__in=[i.pk for i in invitees]).update(lettered_at=now)
    logger.info("letters %s: %d pages in %.1f s", batch_id, len(invitees), batch.seconds)
    return len(invitees)
