"""The one error summary of the public forms (website/includes/error_summary.html with
mia.core.forms' entries): what it lists, where its links lead, and how it is announced."""

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.utils import translation

from mia.core.forms import KernForm, SummaryEntry, error_anchor, field_errors, formset_errors


class Application(KernForm):
    name = forms.CharField(label="Name")
    level = forms.ChoiceField(
        label="Level", choices=[("1", "a"), ("2", "b")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="Days", choices=[("mo", "Mo"), ("tu", "Tu")], widget=forms.CheckboxSelectMultiple
    )
    places = forms.MultipleChoiceField(label="Places", choices=[("a", "A"), ("b", "B")])
    homepage = forms.CharField(label="Leave this field empty", required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError("Bot.")
        return ""

    def clean_started(self):
        if self.cleaned_data["started"] == "now":
            raise forms.ValidationError("Too fast.")
        return self.cleaned_data["started"]

    def clean(self):
        if self.data.get("name") == "twice":
            raise forms.ValidationError("You have applied already.")
        return super().clean()


class Row(KernForm):
    day = forms.DateField(label="Day")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A")], widget=forms.RadioSelect)


class RowsBase(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if len(self.forms) > 1:
            raise forms.ValidationError("One row only.")


Rows = forms.formset_factory(Row, formset=RowsBase, extra=0)
VALID = {"name": "Amira", "level": "1", "days": ["mo"], "places": ["a"]}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def render(**context) -> str:
    return render_to_string("website/includes/error_summary.html", context)


def test_each_field_with_an_error_is_linked_where_its_input_is():
    form = Application({"homepage": "spam"})
    assert not form.is_valid()
    assert [(e.anchor, e.label) for e in field_errors(form)] == [
        ("id_name", "Name"),
        ("id_level_0", "Level"),  # a radio group has no element of the field's id
        ("id_days_0", "Days"),  # nor has a list of check boxes
        ("id_places", "Places"),  # a select does
    ]  # and the honeypot, which nobody sees, is not listed
    assert field_errors(form)[0].errors == ["This field is required."]
    assert error_anchor(form["name"]) == "id_name"


def test_a_formset_lists_its_own_errors_then_each_row():
    rows = Rows(
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            "form-0-day": "no day",
            "form-0-kind": "a",
            "form-1-day": "2026-05-01",
        }
    )
    assert not rows.is_valid()
    entries = formset_errors(rows, "Dates", lambda number, field: f"Date {number}: {field}")
    assert entries == [
        SummaryEntry("id_form-0-day", "Date 1: Day", ["Enter a valid date."]),
        SummaryEntry("id_form-1-kind_0", "Date 2: Kind", ["This field is required."]),
    ]
    two = Rows(
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
            **{
                f"form-{n}-{k}": v
                for n in (0, 1)
                for k, v in {"day": "2026-05-01", "kind": "a"}.items()
            },
        }
    )
    assert not two.is_valid()
    # the formset's own error leads to its first row
    assert formset_errors(two, "Dates", str) == [
        SummaryEntry("id_form-0-day", "Dates", ["One row only."])
    ]


def test_a_formset_without_rows_links_its_count():
    rows = Rows({"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"})
    rows._non_form_errors = rows.error_class(["Give a date."], error_class="nonform")
    assert formset_errors(rows, "Dates", str) == [
        SummaryEntry("id_form-TOTAL_FORMS", "Dates", ["Give a date."])
    ]


def test_the_summary_is_an_alert_with_links_to_the_fields():
    form = Application({**VALID, "name": "twice", "places": []})
    assert not form.is_valid()
    html = render(form=form)
    assert parse_html(html) == parse_html(
        '<div class="kern-alert kern-alert--danger" role="alert" tabindex="-1" id="form-errors"'
        " autofocus>"
        '<div class="kern-alert__header"><span class="kern-icon kern-icon--danger"'
        ' aria-hidden="true"></span><span class="kern-title">Please check your entries.</span>'
        '</div><div class="kern-alert__body"><p class="kern-body">You have applied already.</p>'
        '<ul class="kern-list"><li><a href="#id_places">Places: This field is required.</a></li>'
        "</ul></div></div>"
    )


def test_no_summary_without_errors():
    assert render(form=Application()).strip() == ""
    assert render(form=Application(VALID)).strip() == ""
    assert render(summary=[], non_field_errors=[]).strip() == ""
    assert render().strip() == ""


def test_an_error_only_in_a_hidden_field_still_shows_the_summary_without_an_empty_list():
    # the contact form says "too fast" below the form; the summary tells that something is wrong
    form = Application({**VALID, "started": "now"})
    assert not form.is_valid()
    html = render(form=form)
    assert 'role="alert"' in html
    assert "<ul" not in html
    assert "Too fast." not in html


def test_a_page_of_several_forms_passes_its_entries():
    entries = [SummaryEntry("id_form-0-day", "Date 1: Day", ["Enter a valid date."])]
    html = render(form=Application(), summary=entries, non_field_errors=["Not <yet>."])
    assert '<a href="#id_form-0-day">Date 1: Day: Enter a valid date.</a>' in html
    assert '<p class="kern-body">Not &lt;yet&gt;.</p>' in html
    assert render(summary=[], non_field_errors=["Not yet."]).count('role="alert"') == 1


def test_the_fields_say_their_errors_again_tied_to_the_input():
    form = Application({"name": ""})
    form.is_valid()
    html = render_to_string("includes/kern_field.html", {"field": form["name"]})
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_error"' in html
    assert 'aria-invalid="true"' in html
