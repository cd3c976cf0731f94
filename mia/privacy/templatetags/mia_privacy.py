from django import template

from ..registry import declarations

register = template.Library()


@register.inclusion_tag("privacy/retention_table.html")
def retention_table() -> dict:
    """The privacy page's list of what MIA stores, why and how long: from the declarations."""
    return {"declarations": declarations()}
