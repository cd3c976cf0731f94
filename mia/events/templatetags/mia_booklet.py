"""The booklet's template helpers: the list of booklets to download, and text direction.

`{% booklets_of edition as booklets %}` gives the edition's stored booklets (one query), in
the order of the centre's languages, each with `language_name` and `url`.
`{{ text|bidi:language }}` marks a name written the other way round than the page
(a German venue in the Arabic booklet), so that its punctuation stays in place.
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString

from mia.core.languages import ISOLATE_END, ISOLATE_START, RTL_LANGUAGES, direction
from mia.events.models import Booklet, Edition

register = template.Library()


@register.filter
def bidi(text, language: str):
    """The text, in a span with its own direction where that is not the page's."""
    page = "rtl" if language in RTL_LANGUAGES else "ltr"
    # marked-up text (the languages line) counts by its words, not by its tags
    own = direction(strip_tags(text) if isinstance(text, SafeString) else str(text))
    if own == page:
        return text
    return format_html('<span dir="{}">{}{}{}</span>', own, ISOLATE_START[own], text, ISOLATE_END)


@register.simple_tag(takes_context=True)
def booklets_of(context, edition: Edition) -> list[Booklet]:
    """The booklets ready for download, in the order of the centre's languages."""
    request = context.get("request")
    centre = getattr(request, "centre", None)
    order = centre.language_codes if centre else [code for code, _name in settings.LANGUAGES]
    names = dict(settings.LANGUAGES)
    booklets = [
        booklet
        for booklet in Booklet.objects.filter(edition=edition, size__gt=0)
        .exclude(file="")
        .only("language", "size", "pages", "generated_at", "edition_id")
        if booklet.language in order
    ]
    booklets.sort(key=lambda booklet: order.index(booklet.language))
    for booklet in booklets:
        booklet.language_name = names.get(booklet.language, booklet.language)
        booklet.url = reverse(
            "events:booklet", kwargs={"edition": edition.slug, "language": booklet.language}
        )
    return booklets
