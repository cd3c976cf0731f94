"""The form renderer: Django's widget templates for inputs and selects, written in Python.

Django renders every widget through a template, and a select through one more template per
option. On the counselling finder, whose form has a select of 25 languages and one of the
centre's districts, that took half the time of a request whose results came from the cache
(docs/performance.md, "Counselling finder"). These few templates are simple and stable, so
`QuickRenderer` writes exactly what they write, attribute by attribute
(tests/core/test_form_renderer.py compares the two), and leaves every other template, and
any of these a project overrides, to Django.
"""

import html
from functools import cached_property
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates

WIDGETS = "django/forms/widgets/"
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "tel",
        "search",
        "date",
        "datetime",
        "time",
        "color",
        "hidden",
        "checkbox",
    )
)
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"
DJANGO_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


def _escape(value) -> str:
    """As `{{ value|stringformat:'s' }}` writes it, without the cost of a lazy wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    # attrs.html: False leaves the attribute out, True writes its name alone
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
    return (
        f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None  # a widget with options of its own kind
            parts.append(
                f'<option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return "".join(parts)


class QuickRenderer(DjangoTemplates):
    """Django's default renderer, with inputs and selects written in Python."""

    @cached_property
    def _own(self) -> frozenset[str]:
        """The templates still Django's own: an app may override any of them."""
        return frozenset(
            name
            for name in (*INPUTS, SELECT, OPTION)
            if Path(self.get_template(name).origin.name).is_relative_to(DJANGO_TEMPLATES)
        )

    def render(self, template_name: str, context: dict, request=None) -> str:
        if template_name in self._own:
            if template_name == SELECT:
                rendered = _select(context["widget"]) if OPTION in self._own else None
                if rendered is not None:
                    return rendered
            elif template_name in INPUTS:
                return _input(context["widget"])
        return super().render(template_name, context, request)
