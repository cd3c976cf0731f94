"""The naturalisation figures' import (upload, preview, confirmation) and export in the back
office. Every view sees only the user's own centres; the rules are in `resources.py` and
`services.py`, these views move the file between the steps (`mia.core.import_store`) and show
what `run_import` reports, as the counselling offices' import does."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from mia.core import import_store
from mia.core.admin_views import granting_centres
from mia.core.tables import ImportForm

from .resources import (
    COLUMNS,
    FORMATS,
    REQUIRED_COLUMNS,
    export_figures,
    export_filename,
    run_import,
)

# an import adds, changes and removes years' figures
IMPORT_PERMISSIONS = (
    "statistics.add_naturalisationyear",
    "statistics.change_naturalisationyear",
    "statistics.delete_naturalisationyear",
)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def import_centres(user):
    centres = granting_centres(user, IMPORT_PERMISSIONS[0])
    for permission in IMPORT_PERMISSIONS[1:]:
        centres = centres.filter(pk__in=granting_centres(user, permission).values("pk"))
    return centres


def export_centres(user):
    return granting_centres(user, "statistics.view_naturalisationyear")


def years_list_url() -> str:
    return reverse("statistics_years:index")


class TransferView(View):
    def centres(self):
        return import_centres(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not self.centres().exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, template: str, context: dict, status: int = 200):
        context.setdefault("header_icon", "upload")
        context["columns"] = COLUMNS
        context["required_columns"] = REQUIRED_COLUMNS
        context["years_url"] = years_list_url()
        return TemplateResponse(self.request, template, context, status=status)


class ImportView(TransferView):
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
        return redirect("statistics_transfer:preview", token=token)

    def show(self, form, status: int = 200):
        exports = [
            (label, reverse("statistics_transfer:export") + "?" + urlencode({"format": key}))
            for key, label in FORMATS.items()
        ]
        return self.render(
            "statistics/admin/import.html",
            {"form": form, "exports": exports, "page_title": _("Import naturalisation figures")},
            status=status,
        )


class PreviewView(TransferView):
    """A dry run listing every problem, or what each year would gain and lose; the
    confirmation runs the import again, for real, and saves nothing unless all is well."""

    http_method_names = ["get", "post"]

    def pending(self, token: str, *, claim: bool = False):
        load = import_store.claim if claim else import_store.fetch
        pending = load(token, self.request.user.pk)
        if pending is None:
            raise Http404
        centre = self.centres().filter(pk=pending.centre_id).first()
        if centre is None:
            import_store.discard(token)
            raise Http404
        return pending, centre

    def report(self, pending, centre, *, dry_run: bool):
        return run_import(
            pending.content, pending.format, centre=centre, user=self.request.user, dry_run=dry_run
        )

    def get(self, request, token):
        pending, centre = self.pending(token)
        return self.show(pending, centre, self.report(pending, centre, dry_run=True))

    def post(self, request, token):
        if request.POST.get("action") == "cancel":
            self.pending(token)
            import_store.discard(token)
            messages.success(request, _("The import is cancelled; nothing was saved."))
            return redirect("statistics_transfer:import")
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
        changed = [str(change.year) for change in report.changes if change.kind != "skip"]
        messages.success(
            request,
            _("Imported the figures of: %(years)s.") % {"years": ", ".join(changed) or "–"},
        )
        return redirect(years_list_url())

    def show(self, pending, centre, report, status: int = 200):
        return self.render(
            "statistics/admin/preview.html",
            {
                "page_title": _("Check the import"),
                "pending": pending,
                "centre": centre,
                "report": report,
                "action_url": reverse("statistics_transfer:preview", args=[pending.token]),
                "import_url": reverse("statistics_transfer:import"),
            },
            status=status,
        )


class ExportView(TransferView):
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
                    "statistics/admin/export_choose.html",
                    {
                        "page_title": _("Export naturalisation figures"),
                        "centres": centres,
                        "format": format,
                        "header_icon": "download",
                    },
                )
        response = HttpResponse(export_figures(centre, format), content_type=CONTENT_TYPES[format])
        response["Content-Disposition"] = (
            f'attachment; filename="{export_filename(centre, format)}"'
        )
        response["Cache-Control"] = "no-store"
        return response
