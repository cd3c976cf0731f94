from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def shared_cache_for_page_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.MIA_PAGE_CACHE_SECONDS > 0 and backend.endswith("LocMemCache"):
        return [
            Warning(
                "The page cache lives in each process's memory.",
                hint="Set REDIS_URL so that publishing clears the cache of every server process.",
                id="mia.W001",
            )
        ]
    return []
