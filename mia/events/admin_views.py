"""The events office in the back office: the review queue, the review page, bulk accept and
publish, editing before publishing, and the editions, access codes and venues.

Every view is built on the centre-scoped viewsets of `mia.core.admin_views`: a record of
another centre looks like none. Changes of state go through `services.transition`, saving
through `services.save_event`; nothing here holds a rule of its own.
"""

import django_filters
from django import forms
from django.conf import settings
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_list_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from mia.core.admin_views import (
    CentreScopedModelViewSet,
    CentreScopedSnippetViewSet,
    OriginalsLocaleFilter,
    TranslationButtonsMixin,
    content_languages,
    scoped,
)
from mia.core.languages import language_name
from mia.organisations.models import Organisation
from mia.outbox.models import OutboxMessage

from . import services
from .admin_forms import ActionForm, MessageForm
from .models import Category, Edition, Event, EventDate, Venue

State = Event.State

# what the office does on the review page, in this order (the organisation's own actions,
# withdraw and submit, are not offered: the office submits only the centre's own events)
OFFICE_ACTIONS = ("submit", "request_changes", "accept", "reject", "publish", "unpublish", "cancel")
ACTION_LABELS = {
    "submit": gettext_lazy("Submit for review"),
    "request_changes": gettext_lazy("Request changes"),
    "accept": gettext_lazy("Accept"),
    "reject": gettext_lazy("Reject"),
    "publish": gettext_lazy("Publish"),
    "unpublish": gettext_lazy("Unpublish"),
    "cancel": gettext_lazy("Mark as cancelled"),
}
# the states the office still has to decide on: shown as the primary status tag
AWAITING = (State.SUBMITTED,)


def is_original(event: Event) -> bool:
    return event.locale.language_code == settings.LANGUAGE_CODE


def _local(value) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


# -- the queue's filters ----------------------------------------------------------------------


def _own_editions(request):
    return Edition.objects.for_user(request.user) if request else Edition.objects.none()


def _own_organisations(request):
    if request is None:
        return Organisation.objects.none()
    return Organisation.objects.for_user(request.user).order_by("name")


class EventFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=State.choices,
        empty_label=gettext_lazy("All but drafts"),
        widget=forms.RadioSelect,
        method="filter_state",
    )
    edition = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Festival edition"), queryset=_own_editions
    )
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("Category"),
        choices=Category.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    organisation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Organiser"), queryset=_own_organisations
    )
    # declared here, so Wagtail adds no locale filter of its own (whose default is "all")
    locale = OriginalsLocaleFilter(
        label=gettext_lazy("Language"),
        choices=content_languages,
        empty_label=None,
        widget=forms.RadioSelect,
    )
    overlaps = django_filters.BooleanFilter(
        label=gettext_lazy("Overlaps at the venue"),
        method="filter_overlaps",
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = Event
        fields = ["state", "edition", "category", "organisation", "locale"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state=value) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("state"):
            # an organisation's draft is its own work in progress, not the office's queue
            queryset = queryset.exclude(state=State.DRAFT)
        return queryset

    def filter_overlaps(self, queryset, name, value):
        if value is None:
            return queryset
        candidates = list(
            queryset.select_related(None).filter(venue__isnull=False).only("pk", "venue_id")
        )
        clashing = set(services.overlap_map(candidates))
        if value:
            return queryset.filter(pk__in=clashing)
        return queryset.exclude(pk__in=clashing)


# -- the queue's columns ----------------------------------------------------------------------


class LocalDateTimeColumn(Column):
    def get_value(self, instance):
        return _local(super().get_value(instance))


class StateColumn(StatusTagColumn):
    """The state of the original (a translation copies it only when synchronised)."""

    def get_value(self, instance):
        state = getattr(instance, "original_state", None) or instance.state
        return State(state).label

    def get_primary(self, instance):
        return (getattr(instance, "original_state", None) or instance.state) in AWAITING


class OverlapColumn(Column):
    cell_template_name = "events/admin/overlap_cell.html"

    def get_value(self, instance):
        return getattr(instance, "overlap_count", 0)


# -- the queue --------------------------------------------------------------------------------


class EventIndexView(TranslationButtonsMixin, CentreScopedSnippetViewSet.index_view_class):
    """The review queue: oldest submission first, the page's clashes found in one query."""

    default_ordering = "submitted_at"
    NULLS_LAST = ("submitted_at", "first_start")

    def get_base_queryset(self):
        original = Event.objects.filter(
            translation_key=OuterRef("translation_key"),
            locale__language_code=settings.LANGUAGE_CODE,
        )
        first_start = (
            EventDate.objects.filter(
                event__translation_key=OuterRef("translation_key"),
                event__locale__language_code=settings.LANGUAGE_CODE,
            )
            .order_by("start")
            .values("start")[:1]
        )
        return (
            super()
            .get_base_queryset()
            .select_related("organisation", "edition", "venue", "locale")
            .annotate(
                first_start=Subquery(first_start),
                original_state=Subquery(original.values("state")[:1]),
            )
        )

    def order_queryset(self, queryset):
        field = (self.ordering or "").lstrip("-")
        if field in self.NULLS_LAST:
            expression = F(field)
            descending = self.ordering.startswith("-")
            expression = (
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
            return queryset.order_by(expression, "pk")
        return super().order_queryset(queryset)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        events = list(object_list)
        clashes = services.overlap_map(events)
        for event in events:
            event.overlap_count = clashes.get(event.pk, 0)
        self.translation_state(events)
        page.object_list = events
        return paginator, page, events, is_paginated

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        column_class = self._get_title_column_class(column_class)

        def get_url(instance):
            # the review page for an original; a translation is edited (or translated)
            if is_original(instance) and self.inspect_url_name:
                return reverse(self.inspect_url_name, args=(quote(instance.pk),))
            return self.get_edit_url(instance)

        return column_class(
            "title",
            label=gettext_lazy("Title"),
            sort_key="title",
            get_url=get_url,
            get_title_id=lambda instance: f"snippet_{quote(instance.pk)}_title",
        )

    def get_list_buttons(self, instance):
        review = []
        if is_original(instance) and (inspect_url := self.get_inspect_url(instance)):
            review.append(Button(_("Review"), url=inspect_url, icon_name="view", priority=5))
        return self.row_buttons(instance, review)


# -- editing ------------------------------------------------------------------------------------


def save_from_form(form, user) -> Event:
    """Through `services.save_event`: the dates with the event, a new SEQUENCE for a public one,
    and the programme told of the change."""
    event = form.save(commit=False)
    slots = form.slots()
    if slots is None:
        # a translation: its text only (services.translation_saved tells the programme)
        event.full_clean()
        event.save()
        return event
    return services.save_event(event, slots, user)


class EventEditView(CentreScopedSnippetViewSet.edit_view_class):
    def save_instance(self):
        instance = save_from_form(self.form, self.request.user)
        self.has_content_changes = self.form.has_changed()
        log(instance=instance, action="wagtail.edit", content_changed=self.has_content_changes)
        return instance


class EventCreateView(CentreScopedSnippetViewSet.add_view_class):
    def save_instance(self):
        instance = save_from_form(self.form, self.request.user)
        log(instance=instance, action="wagtail.create", content_changed=True)
        return instance


# -- the review page ----------------------------------------------------------------------------


class EventReviewView(CentreScopedSnippetViewSet.inspect_view_class):
    """One event with everything the office decides on, and the forms of its decisions."""

    template_name = "events/admin/review.html"
    page_title = gettext_lazy("Review")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.bound: dict = {}

    def get_fields_context(self):
        return []  # the template shows the event's details itself, in the office's order

    @cached_property
    def office(self) -> bool:
        return services.is_office(self.request.user, self.object)

    @cached_property
    def actions(self) -> list[str]:
        event = self.object
        if not self.office or not is_original(event):
            return []
        allowed = services.allowed_actions(self.request.user, event)
        return [
            action
            for action in OFFICE_ACTIONS
            if action in allowed and (action != "submit" or event.organisation_id is None)
        ]

    def action_form(self, action: str) -> ActionForm:
        return self.bound.get(action) or ActionForm(
            action, has_organisation=self.object.organisation_id is not None
        )

    def message_form(self, kind: str) -> MessageForm:
        return self.bound.get(kind) or MessageForm(kind)

    def post(self, request, *args, **kwargs):
        event = self.object
        if not self.office or not is_original(event):
            raise PermissionDenied
        kind = request.POST.get("action", "")
        if kind in ("message", "note"):
            if kind == "message" and event.organisation_id is None:
                raise Http404
            form = MessageForm(kind, request.POST)
            if form.is_valid():
                services.post_message(
                    event, request.user, form.cleaned_data["body"], internal=kind == "note"
                )
                if kind == "note":
                    messages.success(request, _("The internal note is saved."))
                else:
                    messages.success(
                        request,
                        _("The message is saved. Its mail waits below until you release it."),
                    )
                return redirect(request.path)
            self.bound[kind] = form
            return self.render_to_response(self.get_context_data())
        if kind not in self.actions:
            messages.error(request, _("This step is not possible for the event now."))
            return redirect(request.path)
        form = ActionForm(kind, request.POST, has_organisation=event.organisation_id is not None)
        if form.is_valid():
            try:
                services.transition(
                    event,
                    kind,
                    request.user,
                    message=form.cleaned_data.get("message", ""),
                    internal_note=form.cleaned_data.get("internal_note", ""),
                )
            except services.TransitionError as exc:
                form.add_error(None, exc.messages)
            else:
                event.refresh_from_db()
                messages.success(
                    request,
                    _("The event is now “%(state)s”.") % {"state": event.get_state_display()},
                )
                return redirect(request.path)
        self.bound[kind] = form
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        original = is_original(event)
        held = OutboxMessage.objects.none()
        if original:
            held = (
                scoped(OutboxMessage, self.request)
                .held()
                .filter(purpose=services.mail_purpose(event))
                .order_by("created_at")
            )
        context.update(
            {
                "event": event,
                "is_original": original,
                "original": event.original if not original else event,
                "dates": list(event.original.dates.all()),
                "overlaps": services.overlapping(event) if original else [],
                "thread": list(event.original.messages.select_related("author")),
                "held_mails": list(held),
                "action_forms": [
                    (action, ACTION_LABELS[action], self.action_form(action))
                    for action in self.actions
                ],
                "message_form": (
                    self.message_form("message")
                    if self.office and original and event.organisation_id
                    else None
                ),
                "note_form": self.message_form("note") if self.office and original else None,
                "spoken_languages": [language_name(code) for code in event.languages or []],
                "translations": list(event.get_translations().select_related("locale")),
                "edit_url": self.get_edit_url(),
                "outbox_release_url_name": "outbox:release",
                "outbox_inspect_url_name": "outbox:inspect",
            }
        )
        return context


# -- bulk accept and publish ------------------------------------------------------------------


class EventTransitionBulkAction(SnippetBulkAction):
    """Accept or publish many events at once; those that cannot move are named with why."""

    models = [Event]
    template_name = "events/admin/bulk_transition.html"
    transition = ""
    classes = {"button-secondary"}

    def get_queryset(self, model, object_ids):
        # by id alone Wagtail would find (and name) another centre's events: only own ones
        return get_list_or_404(scoped(model, self.request).filter(pk__in=list(object_ids)))

    def check_perm(self, event):
        return self.request.user.has_perm("events.review_event", event)

    def get_all_objects_in_listing_query(self, parent_id):
        # "all in the listing": the user's own events the listing's filters show, no others
        request = self.request
        queryset = scoped(Event, request)
        filters = EventFilterSet(request.GET, queryset=queryset, request=request)
        if filters.is_valid():
            queryset = filters.qs
        return queryset.values_list("pk", flat=True)

    def object_context(self, event):
        context = super().object_context(event)
        sources = services.TRANSITIONS[self.transition][0]
        context["state"] = event.get_state_display()
        context["movable"] = event.state in sources and is_original(event)
        context["review_url"] = reverse(
            Event.snippet_viewset.get_url_name("inspect"), args=[quote(event.pk)]
        )
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_label"] = self.display_name
        context["transition_target"] = State(services.TRANSITIONS[self.transition][1]).label
        return context

    def get_execution_context(self):
        return {"user": self.request.user, "action_view": self}

    @classmethod
    def execute_action(cls, objects, user=None, action_view=None, **kwargs):
        originals = [event for event in objects if is_original(event)]
        done, problems = services.bulk_transition(originals, cls.transition, user)
        problems += [
            _("%(title)s: a translation follows its original.") % {"title": event.title}
            for event in objects
            if not is_original(event)
        ]
        action_view.problems = problems
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        problems = getattr(self, "problems", [])
        if problems:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d event could not be changed: %(reasons)s",
                    "%(count)d events could not be changed: %(reasons)s",
                    len(problems),
                )
                % {"count": len(problems), "reasons": " · ".join(problems)},
            )
        if not num_parent_objects:
            return None
        return self.done_message(num_parent_objects)

    def done_message(self, count: int) -> str:
        raise NotImplementedError


class AcceptBulkAction(EventTransitionBulkAction):
    display_name = gettext_lazy("Accept")
    action_type = "accept"
    aria_label = gettext_lazy("Accept the selected events")
    transition = "accept"
    action_priority = 10

    def done_message(self, count: int) -> str:
        return ngettext("%(count)d event accepted.", "%(count)d events accepted.", count) % {
            "count": count
        }


class PublishBulkAction(EventTransitionBulkAction):
    display_name = gettext_lazy("Publish")
    action_type = "publish"
    aria_label = gettext_lazy("Publish the selected events")
    transition = "publish"
    action_priority = 20

    def done_message(self, count: int) -> str:
        return ngettext("%(count)d event published.", "%(count)d events published.", count) % {
            "count": count
        }


# -- editions, access codes, venues ---------------------------------------------------------


class UsesColumn(Column):
    """How many events an access code has admitted, of how many it may."""

    def get_value(self, instance):
        return _("%(used)d of %(max)d") % {"used": instance.uses, "max": instance.max_uses}


class AccessCodeIndexView(CentreScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("edition", "organisation")
            .annotate(uses=Count("events"))
        )


class AccessCodeInspectView(CentreScopedModelViewSet.inspect_view_class):
    def get_fields_context(self):
        used = Event.objects.filter(access_code=self.object).count()
        return [
            *super().get_fields_context(),
            {
                "label": _("Used"),
                "value": _("%(used)d of %(max)d") % {"used": used, "max": self.object.max_uses},
                "component": None,
            },
        ]


class VenueInspectView(CentreScopedModelViewSet.inspect_view_class):
    """A venue with, while it is not verified, the office's "verify" button."""

    template_name = "events/admin/venue_inspect.html"

    def post(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        if request.POST.get("action") != "verify":
            raise Http404
        Venue.objects.filter(pk=self.object.pk).update(verified=True, updated_at=timezone.now())
        log(instance=self.object, action="wagtail.edit", user=request.user)
        messages.success(request, _("The venue is marked as verified."))
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_verify"] = not self.object.verified and (
            self.permission_policy.user_has_permission(self.request.user, "change")
        )
        return context


class VerifiedColumn(StatusTagColumn):
    def get_value(self, instance):
        return _("verified") if instance.verified else _("to be verified")

    def get_primary(self, instance):
        return not instance.verified
