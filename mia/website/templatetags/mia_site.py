from django import template

from ..services import language_links, site_chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def get_site_chrome(context) -> dict:
    return site_chrome(context["request"])


@register.simple_tag(takes_context=True)
def get_language_links(context) -> list[dict]:
    # a view may name the address to keep across languages (the finder keeps its answers)
    return language_links(context["request"], context.get("page"), context.get("language_path"))
