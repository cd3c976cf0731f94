"""The counselling offices in the back office: the list with its filters, the import (upload,
preview, confirmation), the export, and the dashboard's list of offices to verify.

Every view sees only the user's own centres (`mia.core.admin_views`). The import's rules are
in `resources.py`; these views only move the file between the steps (`import_store`) and
show what `run_import` reports.
"""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import Button

from mia.core import import_store
from mia.core.admin_views import (
    CentreScopedSnippetViewSet,
    OriginalsLocaleFilter,
    TranslationButtonsMixin,
    content_languages,
    granting_centres,
)
from mia.core.languages import SPOKEN_LANGUAGES
from mia.core.tables import FORMATS, ImportForm

from .models import VERIFY_EVERY, District, Office, Programme, Provider
from .resources import (
    COLUMNS,
    REQUIRED_COLUMNS,
    export_filename,
    export_offices,
    run_import,
)

IMPORT_PERMISSIONS = ("counselling.add_office", "counselling.change_office")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DASHBOARD_LIMIT = 10


def import_centres(user):
    """The centres whose offices the user may import: adding and changing offices there."""
    centres = granting_centres(user, IMPORT_PERMISSIONS[0])
    for permission in IMPORT_PERMISSIONS[1:]:
        centres = centres.filter(pk__in=granting_centres(user, permission).values("pk"))
    return centres


def export_centres(user):
    return granting_centres(user, "counselling.view_office")


def may_add_providers(user, centre) -> bool:
    return granting_centres(user, "counselling.add_provider").filter(pk=centre.pk).exists()


# -- the list -------------------------------------------------------------------------------


def _own(model):
    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.for_user(request.user).order_by("name")

    return queryset


def due_for_verification_q(today=None) -> Q:
    """As `OfficeQuerySet.due_for_verification`, as a filter of any list of offices."""
    today = today or timezone.localdate()
    return Q(verified_on__lte=today - VERIFY_EVERY) | Q(verified_on=None)


class OfficeFilterSet(WagtailFilterSet):
    programme = django_filters.ChoiceFilter(
        label=gettext_lazy("Programme"),
        choices=Programme.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    district = django_filters.ModelChoiceFilter(
        label=gettext_lazy("District"), queryset=_own(District)
    )
    provider = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Provider"), queryset=_own(Provider)
    )
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language spoken"),
        choices=list(SPOKEN_LANGUAGES.items()),
        method="filter_language",
    )
    due = django_filters.BooleanFilter(
        label=gettext_lazy("Not verified for 12 months"),
        method="filter_due",
        widget=BooleanRadioSelect,
    )
    temporarily_closed = django_filters.BooleanFilter(
        label=gettext_lazy("Temporarily closed"), widget=BooleanRadioSelect
    )
    # declared here, so Wagtail adds no locale filter of its own (whose default is "all")
    locale = OriginalsLocaleFilter(
        label=gettext_lazy("Language of the text"),
        choices=content_languages,
        empty_label=None,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Office
        fields = ["programme", "district", "provider", "temporarily_closed", "locale"]

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=f",{value},") if value else queryset

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        due = due_for_verification_q()
        return queryset.filter(due) if value else queryset.exclude(due)


class VerifiedColumn(Column):
    """The last check, marked when it is more than a year ago (or never was)."""

    cell_template_name = "counselling/admin/verified_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["due"] = instance.is_due_for_verification
        return context


class OfficeIndexView(TranslationButtonsMixin, CentreScopedSnippetViewSet.index_view_class):
    default_ordering = "name"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("district", "locale")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        offices = list(object_list)
        self.translation_state(offices)
        page.object_list = offices
        return paginator, page, offices, is_paginated

    def get_list_buttons(self, instance):
        return self.row_buttons(instance)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        user = self.request.user
        if import_centres(user).exists():
            buttons.append(
                Button(_("Import"), url=reverse("counselling_transfer:import"), icon_name="upload")
            )
        if export_centres(user).exists():
            for key, label in FORMATS.items():
                buttons.append(
                    Button(
                        _("Export as %(format)s") % {"format": label},
                        url=reverse("counselling_transfer:export")
                        + "?"
                        + urlencode({"format": key}),
                        icon_name="download",
                    )
                )
        return buttons


# -- import and export ------------------------------------------------------------------------


class TransferView(View):
    """Base of the import and export views: refuses whoever has no centre to work on."""

    def centres(self):
        return import_centres(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not self.centres().exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, template: str, context: dict, status: int = 200):
        context.setdefault("header_icon", "upload")
        context["office_index_url"] = reverse(Office.snippet_viewset.get_url_name("list"))
        context["columns"] = COLUMNS
        context["required_columns"] = REQUIRED_COLUMNS
        return TemplateResponse(self.request, template, context, status=status)


class ImportView(TransferView):
    """Step 1: the file. Kept under a token; the preview shows what it would change."""

    http_method_names = ["get", "post"]

    def get(self, request):
        return self.show(ImportForm(centres=self.centres()))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES, centres=self.centres())
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        token = import_store.keep(
            upload.read(),
            user_id=request.user.pk,
            centre_id=form.chosen_centre.pk,
            format=form.cleaned_data["format"],
            filename=upload.name,
        )
        return redirect("counselling_transfer:preview", token=token)

    def show(self, form: ImportForm, status: int = 200):
        exports = [
            (label, reverse("counselling_transfer:export") + "?" + urlencode({"format": key}))
            for key, label in FORMATS.items()
        ]
        return self.render(
            "counselling/admin/import.html",
            {"form": form, "exports": exports, "page_title": _("Import counselling offices")},
            status=status,
        )


class PreviewView(TransferView):
    """Step 2: a dry run that lists every problem and every change; the confirmation runs
    the import again, for real, and saves nothing unless the whole file is fine."""

    http_method_names = ["get", "post"]

    def pending(self, token: str, *, claim: bool = False):
        load = import_store.claim if claim else import_store.fetch
        pending = load(token, self.request.user.pk)
        if pending is None:
            raise Http404
        centre = self.centres().filter(pk=pending.centre_id).first()
        if centre is None:
            # the user may no longer import this centre's offices
            import_store.discard(token)
            raise Http404
        return pending, centre

    def report(self, pending, centre, *, dry_run: bool):
        return run_import(
            pending.content,
            pending.format,
            centre=centre,
            user=self.request.user,
            may_add_providers=may_add_providers(self.request.user, centre),
            dry_run=dry_run,
        )

    def get(self, request, token):
        pending, centre = self.pending(token)
        report = self.report(pending, centre, dry_run=True)
        return self.show(pending, centre, report)

    def post(self, request, token):
        if request.POST.get("action") == "cancel":
            self.pending(token)
            import_store.discard(token)
            messages.success(request, _("The import is cancelled; nothing was saved."))
            return redirect("counselling_transfer:import")
        pending, centre = self.pending(token, claim=True)
        try:
            report = self.report(pending, centre, dry_run=False)
        except BaseException:
            import_store.release(token)
            raise
        if not report.ok:
            import_store.release(token)
            messages.error(request, _("Nothing was saved: the file has problems."))
            return self.show(pending, centre, report, status=400)
        import_store.discard(token)
        counts = report.counts
        messages.success(
            request,
            _("Imported: %(new)s, %(update)s, %(skip)s.")
            % {
                "new": ngettext("%(n)d new office", "%(n)d new offices", counts["new"])
                % {"n": counts["new"]},
                "update": ngettext("%(n)d updated", "%(n)d updated", counts["update"])
                % {"n": counts["update"]},
                "skip": ngettext("%(n)d unchanged", "%(n)d unchanged", counts["skip"])
                % {"n": counts["skip"]},
            },
        )
        return redirect(Office.snippet_viewset.get_url_name("list"))

    def show(self, pending, centre, report, status: int = 200):
        edit_url_name = Office.snippet_viewset.get_url_name("edit")
        changes = [
            (
                change,
                reverse(edit_url_name, args=[quote(change.office_id)]) if change.office_id else "",
            )
            for change in report.changes
        ]
        return self.render(
            "counselling/admin/preview.html",
            {
                "page_title": _("Check the import"),
                "pending": pending,
                "centre": centre,
                "report": report,
                "changes": changes,
                "counts": report.counts,
                "has_changes": report.counts["new"] or report.counts["update"],
                "action_url": reverse("counselling_transfer:preview", args=[pending.token]),
                "import_url": reverse("counselling_transfer:import"),
            },
            status=status,
        )


class ExportView(TransferView):
    """All offices of the user's centre, in the import's columns."""

    http_method_names = ["get"]

    def centres(self):
        return export_centres(self.request.user)

    def get(self, request):
        format = request.GET.get("format", "csv")
        if format not in FORMATS:
            raise Http404
        centres = list(self.centres())
        centre = centres[0]
        if len(centres) > 1:
            chosen = request.GET.get("centre", "")
            centre = next((c for c in centres if str(c.pk) == chosen), None)
            if centre is None:
                return self.render(
                    "counselling/admin/export_choose.html",
                    {
                        "page_title": _("Export counselling offices"),
                        "centres": centres,
                        "format": format,
                    },
                )
        response = HttpResponse(export_offices(centre, format), content_type=CONTENT_TYPES[format])
        response["Content-Disposition"] = (
            f'attachment; filename="{export_filename(centre, format)}"'
        )
        response["Cache-Control"] = "no-store"
        return response


# -- the dashboard --------------------------------------------------------------------------


class DueForVerificationPanel(Component):
    """Dashboard: offices nobody has verified for a year, oldest first, with links to edit."""

    name = "counselling_due"
    template_name = "counselling/admin/due_panel.html"
    order = 60

    def __init__(self, offices: list[Office], total: int, list_url: str, edit_url_name: str):
        self.offices = offices
        self.total = total
        self.list_url = list_url
        self.edit_url_name = edit_url_name

    def get_context_data(self, parent_context):
        return {
            "offices": [
                (office, reverse(self.edit_url_name, args=[quote(office.pk)]))
                for office in self.offices
            ],
            "total": self.total,
            "more": self.total - len(self.offices),
            "list_url": self.list_url,
        }


def due_panel(user) -> DueForVerificationPanel | None:
    centres = granting_centres(user, "counselling.change_office")
    due = Office.objects.filter(centre__in=centres).due_for_verification()
    offices = list(due[:DASHBOARD_LIMIT])
    if not offices:
        return None
    total = len(offices) if len(offices) < DASHBOARD_LIMIT else due.count()
    list_url = (
        reverse(Office.snippet_viewset.get_url_name("list")) + "?" + urlencode({"due": "true"})
    )
    return DueForVerificationPanel(
        offices, total, list_url, Office.snippet_viewset.get_url_name("edit")
    )
