"""Numbers on the statistics page as the visitor's language writes them."""

from django import template

from .. import charts

register = template.Library()


@register.filter
def num(value) -> str:
    return "" if value is None else charts.number(value)


@register.filter
def signed(value) -> str:
    return "" if value is None else charts.signed(value)


@register.filter
def signed_percent(value) -> str:
    return "" if value is None else f"{charts.signed(value, 1)}\u00a0%"


@register.filter
def percent(value) -> str:
    """A share from 0 to 1 as a percentage."""
    return "" if value is None else charts.percent(value * 100)
