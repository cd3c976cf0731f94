"""The statistics part of the back office: one "Statistics" menu with the naturalisation
figures by year (each year with its figures as rows), the dataset's description, and the
import and export."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from mia.core.admin_views import CentreFromUserAdminForm, CentreScopedModelViewSet

from .admin_forms import FigureForm, YearAdminForm
from .admin_views import ExportView, ImportView, PreviewView, export_centres, import_centres
from .models import Dataset, NaturalisationYear


class FigureInlinePanel(InlinePanel):
    """The year's figures, each with the nationality chosen by name (FigureForm)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = FigureForm
        return options


class YearViewSet(CentreScopedModelViewSet):
    model = NaturalisationYear
    icon = "table"
    menu_label = _("Naturalisations")
    url_prefix = "statistics/years"
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["year", "total", "covers_until", "updated_at"]
    ordering = ["-year"]
    search_fields = ["year"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("centre"),
            FieldRowPanel([FieldPanel("year"), FieldPanel("total")]),
            FieldRowPanel([FieldPanel("covers_until"), FieldPanel("note")]),
            FigureInlinePanel(
                "figures",
                heading=_("Figures"),
                label=_("Figure"),
                help_text=_(
                    "Parts of the total: by former nationality, district, age group or sex, "
                    "or a combination. An empty field means all. The figures of one kind may "
                    "add up to less than the total (e.g. only the largest nationalities), "
                    "never to more."
                ),
                panels=[
                    FieldRowPanel([FieldPanel("nationality"), FieldPanel("district")]),
                    FieldRowPanel(
                        [FieldPanel("age_group"), FieldPanel("sex"), FieldPanel("count")]
                    ),
                ],
            ),
        ],
        base_form_class=YearAdminForm,
    )


class DatasetViewSet(CentreScopedModelViewSet):
    model = Dataset
    icon = "doc-full"
    menu_label = _("Dataset description")
    url_prefix = "statistics/dataset"
    copy_view_enabled = False
    list_display = ["centre", "municipality_key", "updated_at"]
    edit_handler = ObjectList(
        [FieldPanel("centre"), FieldPanel("municipality_key"), FieldPanel("source")],
        base_form_class=CentreFromUserAdminForm,
    )


class TransferMenuItem(MenuItem):
    def is_shown(self, request):
        return import_centres(request.user).exists() or export_centres(request.user).exists()


class TransferViewSet(ViewSet):
    """/statistics/import/, its preview and the export."""

    name = "statistics_transfer"
    url_prefix = "statistics"
    icon = "upload"
    menu_label = _("Import and export")

    @property
    def menu_item_class(self):
        return TransferMenuItem

    def get_urlpatterns(self):
        return [
            path("import/", ImportView.as_view(), name="import"),
            path("import/<str:token>/", PreviewView.as_view(), name="preview"),
            path("export/", ExportView.as_view(), name="export"),
        ]

    @property
    def menu_url(self):
        return reverse("statistics_transfer:import")


class StatisticsMenu(ViewSetGroup):
    menu_label = _("Statistics")
    menu_icon = "table"
    menu_order = 320
    items = (
        YearViewSet("statistics_years"),
        DatasetViewSet("statistics_dataset"),
        TransferViewSet(),
    )


@hooks.register("register_admin_viewset")
def register_statistics():
    return StatisticsMenu()
