"""The pool's back office: institutions (registrations waiting first, and the decision on
each), the topics the pool takes or refuses, and the centre's pool settings.

Each view sees only the centres where the user's role grants its right (`granting_centres`,
`CentreScopedModelViewSet`): the pool's coordinators and the centre administrators. The
decisions are the services' (`mia.pool.institutions`): approving invites the contact
person, rejecting mails the reason.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from mia.core.admin_views import CentreFromUserAdminForm, CentreScopedModelViewSet, granting_centres

from .. import institutions as services
from ..models import Institution, PoolSettings, Topic

POOL_MENU = "register_pool_menu_item"
NAMESPACE = "pool_institutions"


# -- institutions -----------------------------------------------------------------------------


class DecisionColumn(TitleColumn):
    """An institution's name leads to its page with the decision."""

    def get_link_url(self, instance, parent_context):
        return reverse(f"{NAMESPACE}:decision", args=[instance.pk])


class InstitutionIndexView(CentreScopedModelViewSet.index_view_class):
    """Registrations waiting for a decision first, the newest on top."""

    default_ordering = ["waiting", "-created_at"]

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("organisation", "district")
            .annotate(
                waiting=Case(
                    When(status=Institution.Status.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
        )


class InstitutionAdminForm(CentreFromUserAdminForm):
    pass


class InstitutionViewSet(CentreScopedModelViewSet):
    model = Institution
    icon = "group"
    menu_label = gettext_lazy("Institutions")
    menu_hook = POOL_MENU
    menu_order = 200
    url_prefix = "pool/institutions"
    index_view_class = InstitutionIndexView
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    list_filter = ["status", "kind"]
    search_fields = ["organisation__name"]
    search_backend_name = None
    list_display = [
        DecisionColumn("organisation", label=gettext_lazy("Institution")),
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("district", label=gettext_lazy("District")),
        Column("created_at", label=gettext_lazy("Registered"), sort_key="created_at"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            MultiFieldPanel(
                [
                    FieldPanel("street"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                    FieldPanel("district"),
                ],
                heading=gettext_lazy("Address"),
            ),
            FieldPanel("billing_reference"),
        ],
        base_form_class=InstitutionAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/decision/", DecisionView.as_view(), name="decision"),
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Sent to the institution's contact person."),
    )


class DecisionView(View):
    """An institution's facts and the decision: approve, reject with a reason, suspend."""

    http_method_names = ["get", "post"]
    template_name = "pool/admin/institutions/decision.html"

    def dispatch(self, request, pk):
        centres = granting_centres(request.user, "pool.change_institution")
        if not centres.exists():
            raise PermissionDenied
        self.institution = get_object_or_404(
            Institution.objects.select_related("organisation", "district", "decided_by"),
            pk=pk,
            centre__in=centres,
        )
        return super().dispatch(request, pk)

    def get(self, request, pk, form=None, status=200):
        institution = self.institution
        return TemplateResponse(
            request,
            self.template_name,
            {
                "page_title": institution.organisation.name,
                "institution": institution,
                "form": form or ReasonForm(),
                "index_url": reverse(f"{NAMESPACE}:index"),
                "edit_url": reverse(f"{NAMESPACE}:edit", args=[pk]),
                "may_approve": institution.status != Institution.Status.APPROVED,
                "may_reject": institution.status == Institution.Status.PENDING,
                "may_suspend": institution.status == Institution.Status.APPROVED,
                "requests": institution.requests.count(),
            },
            status=status,
        )

    def post(self, request, pk):
        action = request.POST.get("action")
        form = ReasonForm(request.POST)
        form.is_valid()
        reason = form.cleaned_data.get("reason", "")
        try:
            if action == "approve":
                services.approve(self.institution, request.user)
                messages.success(
                    request,
                    _("%(name)s is approved; its contact person is invited.")
                    % {"name": self.institution.organisation.name},
                )
            elif action == "reject":
                if not reason.strip():
                    form.add_error("reason", _("Please give the reason: the institution is told."))
                    return self.get(request, pk, form=form, status=400)
                services.reject(self.institution, request.user, reason)
                messages.success(request, _("The registration is rejected; the reason is sent."))
            elif action == "suspend":
                services.suspend(self.institution, request.user, reason)
                messages.success(request, _("The institution is suspended."))
            else:
                return self.get(request, pk, status=400)
        except services.DecisionError as refused:
            messages.error(request, refused.message)
        return redirect(f"{NAMESPACE}:decision", pk=pk)


# -- topics -----------------------------------------------------------------------------------


class TopicAdminForm(CentreFromUserAdminForm):
    def clean(self):
        data = super().clean()
        if data.get("excluded") and not (data.get("explanation") or "").strip():
            self.add_error(
                "explanation",
                _("Please explain why the pool does not take it and where to turn instead."),
            )
        name = " ".join((data.get("name") or "").split())
        centre = self.centre
        if name and centre is not None:
            taken = Topic.objects.filter(centre=centre, name__iexact=name)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("The pool has a topic of this name already."))
        return data


class TopicViewSet(CentreScopedModelViewSet):
    model = Topic
    icon = "tag"
    menu_label = gettext_lazy("Topics")
    menu_hook = POOL_MENU
    menu_order = 800
    url_prefix = "pool/topics"
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        TitleColumn("name", label=gettext_lazy("Topic"), url_name="pool_topics:edit"),
        BooleanColumn("excluded", label=gettext_lazy("Not taken by the pool")),
        Column("position", label=gettext_lazy("Position"), sort_key="position"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("centre"),
            FieldPanel("name"),
            FieldPanel("excluded"),
            FieldPanel("explanation"),
            FieldPanel("position"),
        ],
        base_form_class=TopicAdminForm,
    )


# -- the pool's settings ------------------------------------------------------------------------


class SettingsScope:
    """Pool settings are one row per centre without a centre-scoped manager: each view finds
    them among the centres where the user's role grants the right."""

    right = "pool.change_poolsettings"

    def centres(self):
        return granting_centres(self.request.user, self.right)


class PoolSettingsIndexView(SettingsScope, ModelViewSet.index_view_class):
    """Each centre's settings, made with the defaults on the first visit."""

    def get_base_queryset(self):
        centres = list(self.centres())
        for centre in centres:
            PoolSettings.for_centre(centre)
        return PoolSettings.objects.filter(centre__in=centres).select_related("centre")


class PoolSettingsEditView(SettingsScope, ModelViewSet.edit_view_class):
    def get_object(self, queryset=None):
        found = super().get_object(queryset)
        if not self.centres().filter(pk=found.centre_id).exists():
            raise Http404
        return found


class PoolSettingsAdminForm(WagtailAdminModelForm):
    pass


class PoolSettingsViewSet(ModelViewSet):
    model = PoolSettings
    icon = "cog"
    menu_label = gettext_lazy("Pool settings")
    menu_hook = POOL_MENU
    menu_order = 900
    url_prefix = "pool/settings"
    index_view_class = PoolSettingsIndexView
    edit_view_class = PoolSettingsEditView
    add_to_reference_index = False
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False
    delete_view_enabled = False
    list_display = [
        TitleColumn("centre", label=gettext_lazy("Centre"), url_name="pool_settings:edit")
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("lead_working_days"), FieldPanel("holiday_region")],
                heading=gettext_lazy("Lead time"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("base_amount"),
                    FieldPanel("base_hours"),
                    FieldPanel("hourly_amount"),
                    FieldPanel("late_cancel_hours"),
                    FieldPanel("late_cancel_paid_hours"),
                ],
                heading=gettext_lazy("Allowance"),
            ),
            MultiFieldPanel(
                [FieldPanel("allowance_ceiling"), FieldPanel("ceiling_warning_share")],
                heading=gettext_lazy("Tax-free ceiling"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("travel_minutes"),
                    FieldPanel("offer_hours"),
                    FieldPanel("reminder_hours"),
                    FieldPanel("retention_months"),
                ],
                heading=gettext_lazy("Offers, reminders and retention"),
            ),
        ],
        base_form_class=PoolSettingsAdminForm,
    )


institution_viewset = InstitutionViewSet(NAMESPACE)
topic_viewset = TopicViewSet("pool_topics")
settings_viewset = PoolSettingsViewSet("pool_settings")


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [institution_viewset, topic_viewset, settings_viewset]
