"""`{% fragment_cache condition "name" vary… %}`: a template fragment cached until the next publish.

Unlike Django's `{% cache %}` the key carries the content generation (so publishing refreshes
every fragment), the host and the language, and a preview is never served from or put into
the cache. `condition` lets a page opt out (pages with forms carry a CSRF token).
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mia.core.cache import content_generation

register = template.Library()


class FragmentCacheNode(template.Node):
    def __init__(self, nodelist, condition, name, vary):
        self.nodelist = nodelist
        self.condition = condition
        self.name = name
        self.vary = vary

    def render(self, context) -> str:
        request = context.get("request")
        seconds = settings.MIA_FRAGMENT_CACHE_SECONDS
        if (
            seconds <= 0
            or request is None
            or getattr(request, "is_preview", False)
            or not self.condition.resolve(context)
        ):
            return self.nodelist.render(context)
        parts = [str(self.name.resolve(context)), request.get_host(), get_language() or ""]
        parts += [str(v.resolve(context)) for v in self.vary]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        key = f"fragment:{content_generation()}:{digest}"
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, str(html), seconds)
        return mark_safe(html)  # noqa: S308  (the nodelist's own rendered, escaped output)


@register.tag("fragment_cache")
def fragment_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("fragment_cache needs a condition and a name")
    nodelist = parser.parse(("endfragment_cache",))
    parser.delete_first_token()
    condition, name, *vary = (parser.compile_filter(bit) for bit in bits[1:])
    return FragmentCacheNode(nodelist, condition, name, vary)
