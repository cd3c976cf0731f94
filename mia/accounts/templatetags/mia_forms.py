from django import template
from django.forms import Form

from mia.core.forms import KernBoundField

register = template.Library()


@register.filter
def kern_fields(form: Form) -> list[KernBoundField]:
    """The visible fields of any form (allauth's too) with KERN markup and ARIA links."""
    return [
        KernBoundField(form, form.fields[name], name)
        for name in form.fields
        if not form.fields[name].widget.is_hidden
    ]


@register.filter
def hidden_fields(form: Form):
    return form.hidden_fields()
