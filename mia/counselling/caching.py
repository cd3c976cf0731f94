"""How the public counselling pages learn that offices changed.

Every office is public (there is no draft state), so any change to an office, its hours,
closures, provider, or the places distances are measured from may change what the finder,
an office page, the sitemap or a vCard shows: each raises the site-wide content generation
(`mia.core.cache`), which empties the page and fragment caches of every centre at once.
Translations are rows of `Office` too, so saving one raises it as well.

What depends on the clock (open now, the next opening, closures ahead) is handled by the
views instead: their answers stay in the page cache until the current minute ends
(`keep_until_next_minute`), and a finder query with answers is not page-cached at all (only
`page` and `q` are parameters the page cache keeps, see `MEANINGFUL_PARAMETERS`).
"""

from mia.core.cache import clear_caches_on_change


def connect() -> None:
    from .models import Closure, District, Office, OpeningSlot, PostcodeArea, Provider

    clear_caches_on_change(Office, OpeningSlot, Closure, Provider, District, PostcodeArea)
