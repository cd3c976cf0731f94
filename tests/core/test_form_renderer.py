"""QuickRenderer writes what Django's own widget templates write, only faster."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from hypothesis import given, settings
from hypothesis import strategies as st

from mia.core.form_renderer import INPUTS, QuickRenderer
from mia.core.forms import AutonymSelect

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
attr_names = st.sampled_from(["id", "class", "aria-describedby", "placeholder", "data-x"])
attrs = st.dictionaries(
    attr_names, st.one_of(text, st.booleans(), st.integers(), st.none()), max_size=4
)
choices = st.lists(st.tuples(text, text), max_size=8, unique_by=lambda choice: choice[0])
groups = st.lists(st.tuples(text, st.one_of(text, choices)), min_size=1, max_size=4)
INPUT_WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.TimeInput,
    forms.CheckboxInput,
]


def both(widget: forms.Widget, name: str, value, widget_attrs: dict | None = None):
    quick = widget.render(name, value, widget_attrs, renderer=QuickRenderer())
    django = widget.render(name, value, widget_attrs, renderer=DjangoTemplates())
    return parse_html(quick), parse_html(django)


@settings(max_examples=150, deadline=None)
@given(
    widget=st.sampled_from(INPUT_WIDGETS),
    name=text,
    value=st.one_of(text, st.none(), st.booleans(), st.integers()),
    widget_attrs=attrs,
)
def test_inputs_come_out_as_django_writes_them(widget, name, value, widget_attrs):
    quick, django = both(widget(), name, value, widget_attrs)
    assert quick == django


@settings(max_examples=150, deadline=None)
@given(
    choices=groups,
    value=st.one_of(text, st.none()),
    widget_attrs=attrs,
    multiple=st.booleans(),
)
def test_selects_come_out_as_django_writes_them(choices, value, widget_attrs, multiple):
    widget = forms.SelectMultiple if multiple else forms.Select
    chosen = [value] if multiple and value is not None else value
    quick, django = both(widget(choices=choices), "field", chosen, widget_attrs)
    assert quick == django


def test_labels_are_escaped_and_safe_labels_kept():
    from django.utils.safestring import mark_safe

    choices = [("a", "<b>bold?</b>"), ("b", mark_safe("<i>kept</i>"))]
    rendered = forms.Select(choices=choices).render("f", "a", renderer=QuickRenderer())
    assert "&lt;b&gt;bold?&lt;/b&gt;" in rendered
    assert "<i>kept</i>" in rendered


def test_autonyms_are_marked_with_their_language_and_direction():
    widget = AutonymSelect(choices=[("", "Any"), ("ar", "العربية"), ("tr", "Türkçe")])
    assert parse_html(widget.render("language", "ar", renderer=QuickRenderer())) == parse_html(
        '<select name="language"><option value="">Any</option>'
        '<option value="ar" lang="ar" dir="rtl" selected>العربية</option>'
        '<option value="tr" lang="tr" dir="ltr">Türkçe</option></select>'
    )


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_every_template_written_in_python_is_djangos_own(name):
    # an app overriding one of them would be rendered with it (QuickRenderer leaves it alone)
    assert name in QuickRenderer()._own


def test_other_widgets_still_use_their_templates():
    widget = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    quick, django = both(widget, "f", "a")
    assert quick == django
    quick, django = both(forms.Textarea(), "f", "some <text>")
    assert quick == django


def test_the_site_renders_forms_with_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), QuickRenderer)
