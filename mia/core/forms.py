"""Form rendering shared by every public form: KERN markup, hints and errors tied to inputs,
and the error summary at a form's top (`website/includes/error_summary.html`)."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.forms.boundfield import BoundField

from .languages import lang_attribute, language_direction


class KernBoundField(BoundField):
    """Renders inputs with KERN's classes, and ties hint and error to the input for screen readers."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            return attrs
        classes = ["kern-form-input__input"]
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}_helptext")
        if self.errors:
            classes.append("kern-form-input__input--error")
            described_by.append(f"{self.auto_id}_error")
            attrs["aria-invalid"] = "true"
        attrs["class"] = " ".join(classes)
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs


class FilterBoundField(KernBoundField):
    """KERN's classes for selects and check boxes too (KernBoundField knows text inputs):
    the filter forms of the programme and the counselling finder."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            attrs["class"] = "kern-form-check__checkbox"
        elif isinstance(widget, forms.Select):
            attrs["class"] = attrs["class"].replace(
                "kern-form-input__input", "kern-form-input__select"
            )
        return attrs


class AutonymSelect(forms.Select):
    """Each language named in itself, marked with its language and direction for screen
    readers and the bidi algorithm (options are the codes of `SPOKEN_LANGUAGES`)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = lang_attribute(str(value))
            option["attrs"]["dir"] = language_direction(str(value))
        return option


class KernChoicesBoundField(KernBoundField):
    """KERN's classes for selects, radio buttons and check boxes as well as text inputs, and
    what the template `includes/kern_field.html` asks to lay each kind out."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            kind = "kern-form-check__checkbox"
        elif isinstance(widget, forms.RadioSelect):
            kind = "kern-form-check__radio"
        elif isinstance(widget, forms.Select):
            kind = "kern-form-input__select"
        else:
            return attrs
        if "class" in attrs:
            attrs["class"] = kind + (f" {kind}--error" if self.errors else "")
        return attrs

    @property
    def optional(self) -> bool:
        """Marked "(optional)": a form may name the fields a submission can do without."""
        names = getattr(self.form, "optional_names", None)
        if names is not None:
            return self.name in names
        return not self.field.required

    @property
    def is_choice_group(self) -> bool:
        """Radio buttons and check box lists: a fieldset with a legend, not a label."""
        return isinstance(self.field.widget, forms.RadioSelect)

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def is_select(self) -> bool:
        return isinstance(self.field.widget, forms.Select) and not self.is_choice_group


class KernForm(forms.Form):
    bound_field_class = KernChoicesBoundField


# -- the error summary ----------------------------------------------------------------------------

# the contact forms' honeypot (mia/contact/forms.py): no person sees it, so no summary lists it
HONEYPOT = "homepage"


@dataclass(frozen=True)
class SummaryEntry:
    """A line of the error summary: a link to the field (`anchor`), its label, its errors."""

    anchor: str
    label: str
    errors: list[str]


def error_anchor(field: BoundField) -> str:
    """Where the summary's link leads: the input, or the first of a group of radio buttons or
    check boxes (the group itself has no element with the field's id)."""
    if isinstance(field.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        return f"{field.auto_id}_0"
    return field.auto_id


def field_errors(form: forms.BaseForm) -> list[SummaryEntry]:
    """The visible fields of `form` that have errors, in the form's order."""
    return [
        SummaryEntry(error_anchor(field), str(field.label), list(field.errors))
        for field in form.visible_fields()
        if field.errors and field.name != HONEYPOT
    ]


def formset_errors(
    formset: forms.BaseFormSet, label: str, row_label: Callable[[int, str], str]
) -> list[SummaryEntry]:
    """The errors of a formset: its own under `label`, linked to the first row's first field
    (or, with no row, the formset's count); then each row's, labelled `row_label(number,
    field label)`, numbered from 1."""
    first_fields = formset.forms[0].visible_fields() if formset.forms else []
    first = (
        error_anchor(first_fields[0])
        if first_fields
        else formset.management_form["TOTAL_FORMS"].auto_id
    )
    entries = [SummaryEntry(first, label, [error]) for error in formset.non_form_errors()]
    for number, row in enumerate(formset.forms, start=1):
        entries.extend(
            SummaryEntry(
                error_anchor(field), row_label(number, str(field.label)), list(field.errors)
            )
            for field in row.visible_fields()
            if field.errors
        )
    return entries
