"""The counselling part of the back office: one "Counselling" menu with the offices (a
translatable snippet), their providers, the districts and postcode areas distances start
from, and the offices' import and export; on the dashboard, the offices to verify."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.snippets.models import register_snippet

from mia.core.admin_views import CentreScopedModelViewSet, CentreScopedSnippetViewSet

from .admin_forms import (
    DistrictAdminForm,
    OfficeAdminForm,
    PostcodeAreaAdminForm,
    ProviderAdminForm,
)
from .admin_views import (
    ExportView,
    ImportView,
    OfficeFilterSet,
    OfficeIndexView,
    PreviewView,
    VerifiedColumn,
    due_panel,
    export_centres,
    import_centres,
)
from .models import District, Office, PostcodeArea, Provider
from .places import relocate_offices


class OriginalOnlyInlinePanel(InlinePanel):
    """An InlinePanel that a translation's form leaves out (its rows are the original's)."""

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            form, panel = kwargs.get("form"), kwargs["panel"]
            self.left_out = form is not None and panel.relation_name not in form.formsets
            if self.left_out:
                Panel.BoundPanel.__init__(self, **kwargs)
                self.label = panel.label
                self.children = []
                return
            super().__init__(**kwargs)

        def is_shown(self):
            return not self.left_out and super().is_shown()


class OfficeViewSet(CentreScopedSnippetViewSet):
    """Offices as snippets, so that wagtail-localize translates them ("Translate")."""

    model = Office
    icon = "group"
    menu_label = _("Offices")
    menu_name = "counselling-offices"
    index_view_class = OfficeIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    filterset_class = OfficeFilterSet
    search_fields = ["name"]
    search_backend_name = None  # the ORM: the list's filters are not search index fields
    list_display = [
        "name",
        Column(
            "programme",
            label=_("Programme"),
            accessor="get_programme_display",
            sort_key="programme",
        ),
        Column("district", label=_("District"), sort_key="district__name"),
        VerifiedColumn("verified_on", label=_("Last verified"), sort_key="verified_on"),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("centre"),
                    FieldPanel("programme"),
                    FieldPanel("name"),
                    FieldPanel("provider"),
                    FieldPanel("description"),
                ],
                heading=_("Basics"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                    FieldPanel("district"),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading=_("Address and place"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("phone"),
                    FieldPanel("email"),
                    FieldPanel("website"),
                    FieldPanel("appointment_url"),
                    FieldPanel("online_url"),
                ],
                heading=_("Contact"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("languages"),
                    FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
                    FieldPanel("topics"),
                ],
                heading=_("Who and what"),
            ),
            MultiFieldPanel(
                [
                    OriginalOnlyInlinePanel(
                        "opening_slots", heading=_("Opening hours"), label=_("Time slot")
                    ),
                    FieldPanel("by_appointment"),
                    FieldPanel("hours_note"),
                    OriginalOnlyInlinePanel("closures", heading=_("Closures"), label=_("Closure")),
                    FieldPanel("temporarily_closed"),
                    FieldPanel("closed_note"),
                ],
                heading=_("Hours and closures"),
            ),
            MultiFieldPanel(
                [FieldPanel("step_free"), FieldPanel("accessibility_notes")],
                heading=_("Accessibility"),
            ),
            MultiFieldPanel(
                [FieldPanel("verified_on"), FieldPanel("verified_today"), FieldPanel("is_example")],
                heading=_("Verification"),
            ),
        ],
        base_form_class=OfficeAdminForm,
    )


class RelocatingEditMixin:
    """A corrected centre point moves the offices whose coordinates were taken from it."""

    def save_instance(self):
        instance = super().save_instance()
        if {"latitude", "longitude", "district"} & set(self.form.changed_data):
            if isinstance(instance, PostcodeArea):
                relocate_offices(instance.centre, postcode=instance.postcode)
            else:
                relocate_offices(instance.centre, district=instance)
        return instance


class ProviderViewSet(CentreScopedModelViewSet):
    model = Provider
    icon = "group"
    menu_label = _("Providers")
    url_prefix = "counselling/providers"
    copy_view_enabled = False
    list_display = ["name", "website", "updated_at"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel("centre"), FieldPanel("name"), FieldPanel("website")],
        base_form_class=ProviderAdminForm,
    )


class DistrictViewSet(CentreScopedModelViewSet):
    model = District
    icon = "site"
    menu_label = _("Districts")
    url_prefix = "counselling/districts"
    copy_view_enabled = False
    list_display = ["name", "latitude", "longitude"]
    search_fields = ["name"]
    search_backend_name = None
    edit_view_class = type(
        "DistrictEditView", (RelocatingEditMixin, CentreScopedModelViewSet.edit_view_class), {}
    )
    edit_handler = ObjectList(
        [
            FieldPanel("centre"),
            FieldPanel("name"),
            FieldRowPanel(
                [FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Centre point")
            ),
        ],
        base_form_class=DistrictAdminForm,
    )


class PostcodeAreaViewSet(CentreScopedModelViewSet):
    model = PostcodeArea
    icon = "pick"
    menu_label = _("Postcode areas")
    url_prefix = "counselling/postcodes"
    copy_view_enabled = False
    list_display = ["postcode", "district", "latitude", "longitude"]
    list_filter = ["district"]
    search_fields = ["postcode"]
    search_backend_name = None
    edit_view_class = type(
        "PostcodeAreaEditView",
        (RelocatingEditMixin, CentreScopedModelViewSet.edit_view_class),
        {},
    )
    edit_handler = ObjectList(
        [
            FieldPanel("centre"),
            FieldPanel("postcode"),
            FieldPanel("district"),
            FieldRowPanel(
                [FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Centre point")
            ),
        ],
        base_form_class=PostcodeAreaAdminForm,
    )


class TransferMenuItem(MenuItem):
    def is_shown(self, request):
        return import_centres(request.user).exists() or export_centres(request.user).exists()


class TransferViewSet(ViewSet):
    """Import and export of the offices: /counselling/import/, its preview and the export."""

    name = "counselling_transfer"
    url_prefix = "counselling"
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
        return reverse("counselling_transfer:import")


class CounsellingMenu(ViewSetGroup):
    menu_label = _("Counselling")
    menu_icon = "group"
    menu_order = 310
    items = (
        OfficeViewSet,
        ProviderViewSet("counselling_providers"),
        DistrictViewSet("counselling_districts"),
        PostcodeAreaViewSet("counselling_postcodes"),
        TransferViewSet(),
    )


register_snippet(CounsellingMenu)


@hooks.register("construct_homepage_panels")
def add_due_for_verification_panel(request, panels):
    panel = due_panel(request.user)
    if panel is not None:
        panels.append(panel)
