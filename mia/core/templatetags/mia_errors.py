"""What the error summary at a form's top lists (`website/includes/error_summary.html`)."""

from django import forms, template

from mia.core.forms import SummaryEntry, field_errors

register = template.Library()


@register.simple_tag
def page_errors(form=None, summary=None, non_field_errors=None) -> dict:
    """The summary's lines: a page of one form passes `form`; a page of several forms passes
    the entries its view collected (`summary`, see `mia.core.forms.formset_errors`) and the
    main form's `non_field_errors`. `shown`: the page has any error at all (a form's hidden
    fields' errors too, which its page says elsewhere)."""
    if isinstance(summary, list | tuple):
        entries: list[SummaryEntry] = list(summary)
        general = list(non_field_errors or [])
        return {"entries": entries, "general": general, "shown": bool(entries or general)}
    if isinstance(form, forms.BaseForm):
        return {
            "entries": field_errors(form),
            "general": list(form.non_field_errors()),
            "shown": bool(form.errors),
        }
    return {"entries": [], "general": [], "shown": False}
