"""`{% webcal_url "events:edition_ics" edition.slug %}`: a feed's subscription link.

Resolves the URL name like `{% url %}` (in the active language, so an English page offers
the English feed) and gives `webcal://host/path`, which calendar apps subscribe to instead of
importing the file once. `{% webcal_url ... as link %}` stores it.
"""

from django import template
from django.urls import reverse

from ..ical import webcal_url as _webcal_url

register = template.Library()


@register.simple_tag(takes_context=True)
def webcal_url(context, url_name: str, *args, **kwargs) -> str:
    path = reverse(url_name, args=args or None, kwargs=kwargs or None)
    return _webcal_url(context["request"], path)
