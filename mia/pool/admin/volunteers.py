"""The pool's back office: volunteers. The list (status, language, requirements lapsing,
search by name), the record (each read of contact data is in the audit log, through the
viewset's audit mixins), the form for contact data and requirement dates, and the steps of a
volunteer's way: take in (invites their account), decline, pause, resume, leave.

Coordinators of the "pool" domain and centre admins work here; every query goes through
`granting_centres`/the scoped viewset, so another centre's volunteer looks like none."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import Button

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core.admin_views import CentreScopedAdminForm, CentreScopedModelViewSet, granting_centres
from mia.core.panels import FormsetPanel

from .. import languages as pool_languages
from .. import volunteers as services
from ..languages import spoken
from ..models import Setting, Volunteer, VolunteerLanguage
from ..volunteer_forms import admin_language_formset

URL_NAMESPACE = "pool_volunteers"
Status = Volunteer.Status

# the steps, the statuses they start from, and how staff are asked and told
ACTIONS = {
    "take_in": (
        services.take_in,
        (Status.APPLIED,),
        gettext_lazy("Take in"),
        gettext_lazy(
            "After the intake interview: %(name)s becomes active, and an invitation to their "
            "own account goes to %(email)s. They are offered appointments once the "
            "requirements are entered."
        ),
        gettext_lazy("%(name)s is taken in; the invitation to their account is on its way."),
    ),
    "decline": (
        services.decline,
        (Status.APPLIED,),
        gettext_lazy("Decline the application"),
        gettext_lazy(
            "%(name)s receives a polite mail that the pool cannot take them in now. The "
            "record is deleted a year from now."
        ),
        gettext_lazy("The application of %(name)s is declined; the mail is on its way."),
    ),
    "pause": (
        services.pause,
        (Status.ACTIVE,),
        gettext_lazy("Pause"),
        gettext_lazy(
            "%(name)s is not offered new appointments until resumed. Appointments already "
            "agreed stay."
        ),
        gettext_lazy("%(name)s is paused."),
    ),
    "resume": (
        services.resume,
        (Status.PAUSED,),
        gettext_lazy("Resume"),
        gettext_lazy("%(name)s is offered appointments again."),
        gettext_lazy("%(name)s is active again."),
    ),
    "leave": (
        services.leave,
        (Status.ACTIVE, Status.PAUSED, Status.APPLIED),
        gettext_lazy("Mark as left"),
        gettext_lazy(
            "%(name)s leaves the pool: open offers are withdrawn. The record is deleted a "
            "year from now; the hours stay in the statistics without a name."
        ),
        gettext_lazy("%(name)s has left the pool."),
    ),
}


# -- the list -------------------------------------------------------------------------------


def language_choices(user) -> list[tuple[str, str]]:
    """The languages of the volunteers the user may see (their centres only)."""
    codes = (
        VolunteerLanguage.objects.filter(
            volunteer__centre__in=granting_centres(user, "pool.view_volunteer")
        )
        .values_list("language", flat=True)
        .distinct()
    )
    return pool_languages.language_choices(codes)


class VolunteerFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=Status.choices)
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"), choices=(), method="filter_language"
    )
    requirements = django_filters.ChoiceFilter(
        label=gettext_lazy("Requirements"),
        choices=[
            ("lapsed", gettext_lazy("Not in place: not offered")),
            ("due", gettext_lazy("Police certificate due within 60 days")),
        ],
        method="filter_requirements",
    )

    class Meta:
        model = Volunteer
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["language"].extra["choices"] = language_choices(user) if user else []

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__language=value).distinct()

    def filter_requirements(self, queryset, name, value):
        today = timezone.localdate()
        if value == "lapsed":
            return queryset.exclude(pk__in=Volunteer.objects.eligible_on(today).values("pk"))
        soon = today + datetime.timedelta(days=services.RENEWAL_WARNING_DAYS)
        return queryset.filter(
            police_certificate_renew_by__gt=today, police_certificate_renew_by__lte=soon
        )


class LanguagesColumn(Column):
    def get_value(self, instance):
        return ", ".join(
            spoken(entry.language, entry.dialect) for entry in instance.languages.all()
        )


class RequirementsColumn(Column):
    """ "Not offered" with what is missing, or when the certificate falls due; else "in place"."""

    cell_template_name = "pool/admin/volunteers/requirements_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(services.requirement_notes(instance))
        context["relevant"] = instance.status in (Status.ACTIVE, Status.PAUSED)
        return context


class InspectTitleColumn(TitleColumn):
    """The name leads to the record (its reads are logged), not straight into the form."""

    def get_link_url(self, instance, parent_context):
        return reverse(f"{URL_NAMESPACE}:inspect", args=[instance.pk])


class VolunteerIndexView(CentreScopedModelViewSet.index_view_class):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .prefetch_related(Prefetch("languages", queryset=VolunteerLanguage.objects.all()))
        )


# -- the record -----------------------------------------------------------------------------


def action_url(name: str, volunteer: Volunteer) -> str:
    return reverse(f"{URL_NAMESPACE}:action", args=[volunteer.pk, name])


def action_buttons(volunteer: Volunteer) -> list[Button]:
    return [
        Button(label, url=action_url(name, volunteer), icon_name="arrow-right", priority=30 + i)
        for i, (name, (_f, allowed, label, _q, _d)) in enumerate(ACTIONS.items())
        if volunteer.status in allowed
    ]


class VolunteerInspectView(CentreScopedModelViewSet.inspect_view_class):
    template_name = "pool/admin/volunteers/inspect.html"

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("change"):
            buttons += action_buttons(self.object)
        return buttons

    def get_field_label(self, field_name, field):
        if field_name == "languages":  # a reverse relation: Django names it untranslated
            return _("Languages")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "-" if value is None or value == "" else value

    def get_languages_display_value(self):
        return ", ".join(
            f"{spoken(e.language, e.dialect)}: {e.get_level_display()}"
            for e in self.object.languages.all()
        )

    def get_settings_accepted_display_value(self):
        labels = dict(Setting.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.object.settings_accepted) or "-"

    def get_user_display_value(self):
        if self.object.user_id:
            return _("linked")
        if self.object.status == Status.APPLIED:
            return _("not yet: invited once taken in")
        return _("not yet (invitation open)")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["requirements"] = services.requirement_notes(self.object)
        context["relevant"] = self.object.status in (Status.ACTIVE, Status.PAUSED)
        context["upcoming"] = services.upcoming_assignments(self.object).count()
        return context


class VolunteerAdminForm(CentreScopedAdminForm):
    """The record's fields, and the languages as rows (`self.languages`, a formset with the
    public form's checks) saved with the record, all or nothing (decision 0034)."""

    settings_accepted = forms.MultipleChoiceField(
        label=gettext_lazy("Settings accepted"),
        choices=Setting.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = admin_language_formset(self.instance, self.data if self.is_bound else None)
        centre_id = self.instance.centre_id
        for name in ("home_district", "districts", "topics_declined"):
            if name in self.fields:
                self.fields[name].queryset = self.fields[name].queryset.filter(centre_id=centre_id)
        if "topics_declined" in self.fields:
            self.fields["topics_declined"].queryset = self.fields[
                "topics_declined"
            ].queryset.filter(excluded=False)

    def clean(self):
        data = super().clean()
        inspected = data.get("police_certificate_inspected_on")
        renew_by = data.get("police_certificate_renew_by")
        if inspected and renew_by and renew_by <= inspected:
            self.add_error(
                "police_certificate_renew_by",
                _("The renewal date must be after the day the certificate was inspected."),
            )
        if inspected and not renew_by:
            self.add_error(
                "police_certificate_renew_by",
                _("Please give the date by which the certificate must be renewed."),
            )
        today = timezone.localdate()
        for name in (
            "confidentiality_signed_on",
            "training_completed_on",
            "police_certificate_inspected_on",
        ):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("This date is in the future."))
        return data

    def is_valid(self) -> bool:
        # both, so that every error shows at once
        return super().is_valid() & self.languages.is_valid()

    @property
    def changed_data(self) -> list[str]:
        rows = self.languages
        if rows.is_bound and rows.is_valid() and rows.entries_changed():
            return [*super().changed_data, "languages"]
        return super().changed_data

    def save(self, commit: bool = True) -> Volunteer:
        volunteer = super().save(commit=commit)
        if commit:
            # the edit view saves inside a transaction: a refusal here undoes the record too
            services.set_languages(volunteer, self.languages.entries())
        return volunteer


# -- the steps ------------------------------------------------------------------------------


class VolunteerActionView(View):
    """One step of a volunteer's way: GET asks (what it does), POST does it."""

    http_method_names = ["get", "post"]
    permission = "pool.change_volunteer"
    template_name = "pool/admin/volunteers/action.html"

    def dispatch(self, request, pk, action, *args, **kwargs):
        if action not in ACTIONS:
            raise Http404
        centres = granting_centres(request.user, self.permission)
        if not centres.exists():
            raise PermissionDenied
        self.volunteer = get_object_or_404(
            Volunteer.objects.select_related("centre"), pk=pk, centre__in=centres
        )
        self.action = action
        self.perform, self.allowed, self.label, self.question, self.done = ACTIONS[action]
        return super().dispatch(request, pk, action, *args, **kwargs)

    def _words(self, text) -> str:
        return str(text) % {"name": self.volunteer.name, "email": self.volunteer.email}

    def get(self, request, pk, action):
        record(request.user, AuditEntry.Action.VIEW, self.volunteer, detail={"step": action})
        return TemplateResponse(
            request,
            self.template_name,
            {
                "page_title": self.label,
                "page_subtitle": self.volunteer.name,
                "header_icon": "user",
                "volunteer": self.volunteer,
                "question": self._words(self.question),
                "possible": self.volunteer.status in self.allowed,
                "label": self.label,
                "action_url": action_url(action, self.volunteer),
                "back_url": reverse(f"{URL_NAMESPACE}:inspect", args=[self.volunteer.pk]),
            },
        )

    def post(self, request, pk, action):
        try:
            self.perform(self.volunteer, request.user)
        except services.StatusError as refused:
            messages.error(request, refused.message)
        else:
            record(
                request.user,
                AuditEntry.Action.CHANGE,
                self.volunteer,
                detail={"fields": ["status"], "step": action},
            )
            messages.success(request, self._words(self.done))
        return redirect(f"{URL_NAMESPACE}:inspect", pk=self.volunteer.pk)


# -- the viewset ----------------------------------------------------------------------------


class VolunteerViewSet(CentreScopedModelViewSet):
    model = Volunteer
    icon = "user"
    menu_label = gettext_lazy("Volunteers")
    menu_order = 100
    add_to_admin_menu = False
    url_prefix = "pool/volunteers"
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = VolunteerIndexView
    inspect_view_class = VolunteerInspectView
    list_per_page = 50
    ordering = ["name", "pk"]
    filterset_class = VolunteerFilterSet
    search_fields = ["name"]
    search_backend_name = None
    list_display = [
        InspectTitleColumn("name", label=gettext_lazy("Name"), sort_key="name"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        LanguagesColumn("languages", label=gettext_lazy("Languages")),
        RequirementsColumn("requirements", label=gettext_lazy("Requirements")),
        Column("applied_at", label=gettext_lazy("Applied"), sort_key="applied_at"),
    ]
    inspect_view_fields = [
        "status",
        "name",
        "email",
        "phone",
        "user",
        "languages",
        "german_level",
        "home_district",
        "districts",
        "settings_accepted",
        "gender",
        "topics_declined",
        "max_hours_per_month",
        "motivation",
        "notes",
        "confidentiality_signed_on",
        "training_completed_on",
        "police_certificate_inspected_on",
        "police_certificate_renew_by",
        "applied_at",
        "intake_at",
        "left_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("name"), FieldPanel("email"), FieldPanel("phone")],
                heading=gettext_lazy("Contact"),
            ),
            FormsetPanel(
                "languages",
                "pool/admin/volunteers/languages_panel.html",
                heading=gettext_lazy("Languages"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("confidentiality_signed_on"),
                            FieldPanel("training_completed_on"),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("police_certificate_inspected_on"),
                            FieldPanel("police_certificate_renew_by"),
                        ]
                    ),
                ],
                heading=gettext_lazy("Requirements (dates only, never the documents)"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("german_level"),
                    FieldPanel("home_district"),
                    FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("settings_accepted"),
                    FieldPanel("gender"),
                    FieldPanel("topics_declined", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("max_hours_per_month"),
                ],
                heading=gettext_lazy("Matching"),
            ),
            FieldPanel("notes"),
        ],
        base_form_class=VolunteerAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/<str:action>/", VolunteerActionView.as_view(), name="action"),
        ]


volunteer_viewset = VolunteerViewSet(URL_NAMESPACE)


@hooks.register("register_admin_viewset")
def register_volunteer_viewset():
    return volunteer_viewset


@hooks.register("register_pool_menu_item")
def register_volunteers_menu_item():
    return volunteer_viewset.get_menu_item()
