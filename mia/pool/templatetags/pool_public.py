"""Template tags of the pool's public pages."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# the topic-page block that leads into the pool (mia/website/blocks.py)
WAYS_IN_BLOCK = "language_mediation"


@register.inclusion_tag("pool/_breadcrumbs.html", takes_context=True)
def pool_breadcrumbs(context, here: str, parent: str = "") -> dict:
    """Home › the topic page with the pool's ways in (where one exists) › the volunteer's or
    the institution's own page (`parent`: "volunteer" or "institution") › `here`."""
    from mia.website.services import topic_with_block

    request = context["request"]
    centre = getattr(request, "centre", None)
    topic = topic_with_block(request, centre, get_language(), WAYS_IN_BLOCK) if centre else None
    parents = {
        "volunteer": ("pool:volunteer_home", _("Your volunteering as a language mediator")),
        "institution": ("pool:institution_requests", _("Your requests for language mediators")),
    }
    trail = [(reverse(parents[parent][0]), parents[parent][1])] if parent else []
    chrome = context.get("chrome") or {}
    return {"home_url": chrome.get("home_url") or "/", "topic": topic, "trail": trail, "here": here}
