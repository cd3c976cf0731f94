"""The ceremonies in the back office: "Naturalisation ceremonies" in the menu (the list, the
form, each ceremony's overview with its import, letters, e-mails and check-in), the
invitees' form, and the coming ceremonies on the dashboard."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn

from mia.core.admin_views import CentreScopedModelViewSet

from .admin_forms import CeremonyAdminForm, InviteeAdminForm
from .admin_views import (
    URL_NAMESPACE,
    CheckInStatusView,
    CheckInView,
    EmailsView,
    ImportPreviewView,
    ImportView,
    InviteeEditView,
    LettersDownloadView,
    LettersView,
    OverviewView,
    ResendView,
    upcoming_panel,
    url,
)
from .models import Ceremony, Invitee


class OverviewTitleColumn(TitleColumn):
    """A ceremony's title leads to its overview (figures, invitees, what to do next)."""

    def get_link_url(self, instance, parent_context):
        return url("overview", instance.pk)


class CeremonyViewSet(CentreScopedModelViewSet):
    model = Ceremony
    icon = "group"
    menu_label = _("Naturalisation ceremonies")
    menu_order = 320
    add_to_admin_menu = True
    url_prefix = "ceremonies"
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["title", "venue_name"]
    search_backend_name = None
    list_display = [
        OverviewTitleColumn("title", label=_("Title"), sort_key="title"),
        Column("starts_at", label=_("Starts at"), sort_key="starts_at"),
        "venue_name",
        "capacity",
        "accepting_answers",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("centre"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")),
            MultiFieldPanel(
                [FieldPanel("venue_name"), FieldPanel("venue_address")], heading=_("Where")
            ),
            MultiFieldPanel(
                [
                    FieldPanel("capacity"),
                    FieldPanel("companions_allowed"),
                    FieldPanel("rsvp_deadline"),
                    FieldPanel("offer_hours"),
                    FieldPanel("accepting_answers"),
                ],
                heading=_("Seats and answers"),
            ),
            MultiFieldPanel(
                [FieldPanel("details"), FieldPanel("accessibility"), FieldPanel("languages")],
                heading=_("For the guests"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("invitation_note"),
                    FieldPanel("signatory_name"),
                    FieldPanel("signatory_role"),
                ],
                heading=_("Invitation letter"),
            ),
            FieldPanel("retention_days"),
        ],
        base_form_class=CeremonyAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/", OverviewView.as_view(), name="overview"),
            path("<int:pk>/import/", ImportView.as_view(), name="import"),
            path(
                "<int:pk>/import/<str:token>/", ImportPreviewView.as_view(), name="import_preview"
            ),
            path("<int:pk>/letters/", LettersView.as_view(), name="letters"),
            path(
                "<int:pk>/letters/<int:batch>/",
                LettersDownloadView.as_view(),
                name="letters_download",
            ),
            path("<int:pk>/emails/", EmailsView.as_view(), name="emails"),
            path("<int:pk>/emails/<int:invitee>/", ResendView.as_view(), name="resend"),
            path("<int:pk>/check-in/", CheckInView.as_view(), name="checkin"),
            path("<int:pk>/check-in/status/", CheckInStatusView.as_view(), name="checkin_status"),
        ]


class InviteeViewSet(CentreScopedModelViewSet):
    """Correcting one invitee (a typo in the address, a new e-mail address); the list of a
    ceremony's invitees is on its overview."""

    model = Invitee
    edit_view_class = InviteeEditView
    icon = "user"
    url_prefix = "ceremonies/invitees"
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    list_display = ["name", "ceremony", "city", "status", "checked_in_at"]
    list_filter = ["status"]
    search_fields = ["name", "code"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            MultiFieldPanel(
                [
                    FieldPanel("address_extra"),
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                ],
                heading=_("Address"),
            ),
            FieldPanel("email"),
            FieldPanel("language"),
            FieldPanel("companions"),
            FieldPanel("accessibility_needs"),
        ],
        base_form_class=InviteeAdminForm,
    )


ceremony_viewset = CeremonyViewSet(URL_NAMESPACE)
invitee_viewset = InviteeViewSet("ceremony_invitees")


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [ceremony_viewset, invitee_viewset]


@hooks.register("construct_homepage_panels")
def add_upcoming_ceremonies_panel(request, panels):
    panel = upcoming_panel(request.user)
    if panel is not None:
        panels.append(panel)
