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


@register.simple_tag(takes_context=True)
def has_security_key(context) -> bool:
    """Whether the person signing in (still between the two steps) has a security key."""
    from allauth.mfa.models import Authenticator

    request = context["request"]
    stage = getattr(request, "_login_stage", None)
    user = stage.login.user if stage is not None else request.user
    if user is None or not getattr(user, "pk", None):
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()
