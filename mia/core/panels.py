"""Back-office panels MIA's apps share: a formset in an edit form, a dashboard panel."""

from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component


class FormsetPanel(Panel):
    """Rows the edit form carries as a formset in `form.<attribute>` (an event's dates, a
    volunteer's languages), shown by `template_name`, which extends
    `admin/formset_panel.html`: one fieldset per row, with its errors at the row."""

    def __init__(self, attribute: str, template_name: str, **kwargs):
        super().__init__(**kwargs)
        self.attribute = attribute
        self.template_name = template_name

    def clone_kwargs(self) -> dict:
        return {
            **super().clone_kwargs(),
            "attribute": self.attribute,
            "template_name": self.template_name,
        }

    class BoundPanel(Panel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.template_name = self.panel.template_name

        def is_shown(self) -> bool:
            return self._formset() is not None

        def _formset(self):
            return getattr(self.form, self.panel.attribute, None)

        def get_context_data(self, parent_context=None) -> dict:
            context = super().get_context_data(parent_context)
            context["formset"] = self._formset()
            context["name"] = self.panel.attribute
            return context


class DashboardPanel(Component):
    """A panel of the back office's dashboard: `template_name` shown with `rows`, at `order`
    among the others (Wagtail's own panels are at 100 and above)."""

    def __init__(self, name: str, template_name: str, order: int, rows: list):
        self.name = name
        self.template_name = template_name
        self.order = order
        self.rows = rows

    def get_context_data(self, parent_context) -> dict:
        return {"rows": self.rows}
