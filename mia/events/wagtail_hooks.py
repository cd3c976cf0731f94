"""The events office's part of the back office: one "Events" menu with the review queue, the
festival editions, their access codes, and the venues."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet

from mia.core.admin_views import CentreScopedModelViewSet, CentreScopedSnippetViewSet
from mia.core.panels import FormsetPanel

from .admin_forms import AccessCodeAdminForm, EditionAdminForm, EventAdminForm, VenueAdminForm
from .admin_views import (
    AcceptBulkAction,
    AccessCodeIndexView,
    AccessCodeInspectView,
    EventCreateView,
    EventEditView,
    EventFilterSet,
    EventIndexView,
    EventReviewView,
    LocalDateTimeColumn,
    OverlapColumn,
    PublishBulkAction,
    StateColumn,
    UsesColumn,
    VenueInspectView,
    VerifiedColumn,
)
from .models import AccessCode, Edition, Event, Venue
from .signals import programme_changed


class EventViewSet(CentreScopedSnippetViewSet):
    """Events as snippets: the review queue, the office's edit view, and wagtail-localize's
    "Translate" for each original."""

    model = Event
    icon = "date"
    menu_label = _("Review queue")
    menu_name = "event-review"
    index_view_class = EventIndexView
    add_view_class = EventCreateView
    edit_view_class = EventEditView
    inspect_view_class = EventReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    filterset_class = EventFilterSet
    search_fields = ["title"]
    search_backend_name = None  # the ORM: the queue's filters are not search index fields
    list_display = [
        "title",
        Column("organisation", label=_("Organiser"), sort_key="organisation__name"),
        Column("edition", label=_("Edition"), sort_key="edition__starts_on"),
        LocalDateTimeColumn("first_start", label=_("First date"), sort_key="first_start"),
        Column("venue", label=_("Venue"), sort_key="venue__name"),
        StateColumn("state", label=_("State"), sort_key="state"),
        OverlapColumn("overlaps", label=_("Overlaps")),
        DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldPanel("category"),
                ],
                heading=_("Event"),
            ),
            MultiFieldPanel(
                [FieldPanel("centre"), FieldPanel("edition"), FieldPanel("organisation")],
                heading=_("Festival and organiser"),
            ),
            FormsetPanel("dates", "events/admin/dates_panel.html", heading=_("Dates")),
            MultiFieldPanel(
                [FieldPanel("attendance"), FieldPanel("venue"), FieldPanel("online_url")],
                heading=_("Place"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("languages"),
                    FieldRowPanel([FieldPanel("is_free"), FieldPanel("price")]),
                    FieldPanel("target_group"),
                    FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
                    FieldPanel("family_friendly"),
                ],
                heading=_("For whom"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("registration_required"),
                    FieldPanel("registration_info"),
                    FieldPanel("registration_url"),
                    FieldPanel("contact_email"),
                    FieldPanel("contact_phone"),
                ],
                heading=_("Registration and contact"),
            ),
            MultiFieldPanel(
                [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_rights")],
                heading=_("Image"),
            ),
            MultiFieldPanel([FieldPanel("cancellation_note")], heading=_("Cancellation")),
        ],
        base_form_class=EventAdminForm,
    )


class EditionViewSet(CentreScopedModelViewSet):
    model = Edition
    icon = "calendar"
    menu_label = _("Festival editions")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "starts_on", "ends_on", "submissions_close_at", "programme_published"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("centre"),
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Days")),
            FieldRowPanel(
                [FieldPanel("submissions_open_at"), FieldPanel("submissions_close_at")],
                heading=_("Submission window"),
            ),
            FieldPanel("intro"),
            InlinePanel(
                "intros", heading=_("Introductions in other languages"), label=_("Language")
            ),
            FieldPanel("programme_published"),
        ],
        base_form_class=EditionAdminForm,
    )


class AccessCodeViewSet(CentreScopedModelViewSet):
    model = AccessCode
    icon = "key"
    menu_label = _("Access codes")
    index_view_class = AccessCodeIndexView
    inspect_view_class = AccessCodeInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "code",
        "edition",
        "organisation",
        "valid_until",
        UsesColumn("uses", label=_("Used")),
        "note",
    ]
    list_filter = ["edition"]
    search_fields = ["code", "note"]
    edit_handler = ObjectList(
        [
            FieldPanel("edition"),
            FieldPanel("organisation"),
            FieldPanel("valid_until"),
            FieldPanel("max_uses"),
            FieldPanel("note"),
        ],
        base_form_class=AccessCodeAdminForm,
    )


class VenueViewSet(CentreScopedModelViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Venues")
    inspect_view_class = VenueInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        "street",
        "district",
        VerifiedColumn("verified", label=_("Checked"), sort_key="verified"),
        "proposed_by",
    ]
    list_filter = ["verified", "district"]
    search_fields = ["name", "street"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("centre"),
            FieldPanel("name"),
            MultiFieldPanel(
                [
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                    FieldPanel("district"),
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                ],
                heading=_("Address"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("step_free"),
                    FieldPanel("accessible_toilet"),
                    FieldPanel("induction_loop"),
                    FieldPanel("accessibility_notes"),
                ],
                heading=_("Accessibility"),
            ),
            FieldPanel("verified"),
            FieldPanel("proposed_by"),
        ],
        base_form_class=VenueAdminForm,
    )


class EventsMenu(ViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    menu_order = 300
    items = (
        EventViewSet,
        EditionViewSet("editions"),
        AccessCodeViewSet("access-codes"),
        VenueViewSet("venues"),
    )


register_snippet(EventsMenu)


# the registry reads each hook as the bulk action class itself
hooks.register("register_bulk_action", AcceptBulkAction)
hooks.register("register_bulk_action", PublishBulkAction)


@hooks.register("after_delete_snippet")
def announce_deleted_events(request, instances):
    """A public event deleted by the office leaves the programme: say so, like any change."""
    for instance in instances:
        if isinstance(instance, Event) and instance.state in Event.PUBLIC_STATES:
            centre_id, edition_id = instance.centre_id, instance.edition_id
            transaction.on_commit(
                lambda c=centre_id, e=edition_id: programme_changed.send(
                    Event, centre_id=c, edition_id=e
                )
            )
