"""The ceremonies in the back office: the list and form (`wagtail_hooks.py`), and each
ceremony's own pages: its figures and invitees, the import of invitees, the letters, the
e-mail invitations and the check-in at the door.

Every view finds its ceremony among those of the centres where the user's role grants the
view's right (`granting_centres`): staff without that right anywhere are sent to the
dashboard, and another centre's ceremony looks like none (404). Reads of invitees' personal
data are written to the audit log.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.log_actions import log

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core import import_store
from mia.core.admin_views import CentreScopedModelViewSet, granting_centres
from mia.core.languages import SPOKEN_LANGUAGES, iso_name, language_direction, language_name
from mia.core.panels import DashboardPanel

from . import checkin, reports, services
from .admin_forms import CheckInForm, ImportForm, InviteeSearchForm
from .models import Ceremony, Invitee, LetterBatch
from .resources import ALIASES, COLUMNS, REQUIRED_COLUMNS, rows_by_language, run_import

URL_NAMESPACE = "ceremonies_admin"
INVITEE_EDIT = "ceremony_invitees:edit"
PER_PAGE = 50


# what the office corrects in an invitee's row; the answer's state is the booking's
PERSONAL_FIELDS = (
    "name",
    "address_extra",
    "street",
    "postcode",
    "city",
    "email",
    "language",
    "accessibility_needs",
)


class InviteeEditView(CentreScopedModelViewSet.edit_view_class):
    """Saves only the fields the office changed, so that an answer given while the form was
    open is kept; a change of companions goes through the booking, under the ceremony's
    lock, and a refusal is shown at the field with nothing saved."""

    def save_instance(self):
        invitee = self.form.save(commit=False)
        changed = [name for name in self.form.changed_data if name in PERSONAL_FIELDS]
        if changed:
            # the name, street and postcode make the identity the import compares
            invitee.save(update_fields=[*changed, "identity", "updated_at"])
        if "companions" in self.form.changed_data:
            services.change_companions(invitee, companions=self.form.cleaned_data["companions"])
        self.has_content_changes = bool(self.form.changed_data)
        log(instance=invitee, action="wagtail.edit", content_changed=self.has_content_changes)
        self.audit_change(invitee)  # what the viewset's default save writes
        return invitee

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.AnswerError as refused:
            message = refused.message
            if refused.code == "full":  # the invitee's words say "your answer"
                message = (
                    _(
                        "There are not enough free seats for more companions, or others are "
                        "waiting for seats. The invitee keeps %(companions)s companions."
                    )
                    % refused.params
                )
            form.add_error("companions", message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


def url(name: str, *args) -> str:
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def ceremony_for(request, pk: int, permission: str) -> Ceremony:
    """The ceremony, if one of the user's roles grants `permission` in its centre."""
    centres = granting_centres(request.user, permission)
    if not centres.exists():
        raise PermissionDenied
    return get_object_or_404(Ceremony.objects.select_related("centre"), pk=pk, centre__in=centres)


def may(user, permission: str, ceremony: Ceremony) -> bool:
    return granting_centres(user, permission).filter(pk=ceremony.centre_id).exists()


def local(moment) -> str:
    if moment is None:
        return ""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class CeremonyView(View):
    permission = "ceremonies.view_ceremony"
    template_name = ""

    def dispatch(self, request, pk, *args, **kwargs):
        self.ceremony = ceremony_for(request, pk, self.permission)
        return super().dispatch(request, pk, *args, **kwargs)

    def render(self, context: dict, status: int = 200, template: str = ""):
        context.setdefault("ceremony", self.ceremony)
        context.setdefault("overview_url", url("overview", self.ceremony.pk))
        context.setdefault("header_icon", "group")
        return TemplateResponse(
            self.request, template or self.template_name, context, status=status
        )


# -- the overview: figures and invitees -------------------------------------------------------


class OverviewView(CeremonyView):
    """The ceremony's figures, what staff do next, and the invitees, searchable and paged."""

    http_method_names = ["get"]
    permission = "ceremonies.view_invitee"
    template_name = "ceremonies/admin/overview.html"

    def get(self, request, pk):
        ceremony, user = self.ceremony, request.user
        form = InviteeSearchForm(request.GET or None)
        invitees = Invitee.objects.filter(ceremony=ceremony).order_by("name", "pk")
        if form.is_valid():
            query = form.cleaned_data.get("q")
            if query:
                code = checkin.code_from(query)
                invitees = invitees.filter(Q(name__icontains=query) | Q(code=code))
            if status := form.cleaned_data.get("status"):
                invitees = invitees.filter(status=status)
        page = Paginator(invitees, PER_PAGE).get_page(request.GET.get("p"))
        rows = list(page.object_list)
        if rows:
            record(
                user,
                AuditEntry.Action.LIST,
                Invitee,
                centre_id=ceremony.centre_id,
                detail={"ids": [invitee.pk for invitee in rows]},
            )
        edit_name = INVITEE_EDIT if may(user, "ceremonies.change_invitee", ceremony) else ""
        query = request.GET.copy()
        query.pop("p", None)
        return self.render(
            {
                "page_title": ceremony.title,
                "figures": reports.figures(ceremony),
                "form": form,
                "page": page,
                "rows": [
                    (
                        invitee,
                        reverse(edit_name, args=[quote(invitee.pk)]) if edit_name else "",
                        iso_name(invitee.language),
                    )
                    for invitee in rows
                ],
                "query": query.urlencode(),
                "edit_url": reverse(f"{URL_NAMESPACE}:edit", args=[pk])
                if may(user, "ceremonies.change_ceremony", ceremony)
                else "",
                "import_url": url("import", pk)
                if may(user, "ceremonies.add_invitee", ceremony)
                else "",
                "letters_url": url("letters", pk)
                if may(user, "ceremonies.add_letterbatch", ceremony)
                else "",
                "emails_url": url("emails", pk)
                if may(user, "ceremonies.change_invitee", ceremony)
                else "",
                "checkin_url": url("checkin", pk)
                if may(user, "ceremonies.change_invitee", ceremony)
                else "",
            }
        )


# -- importing invitees ---------------------------------------------------------------------


def _scope(ceremony: Ceremony) -> str:
    return f"ceremony:{ceremony.pk}"


class ImportView(CeremonyView):
    """Step 1: the file, kept under a token; the preview shows what it would add."""

    http_method_names = ["get", "post"]
    permission = "ceremonies.add_invitee"
    template_name = "ceremonies/admin/import.html"

    def get(self, request, pk):
        return self.show(ImportForm(centres=[self.ceremony.centre]))

    def post(self, request, pk):
        form = ImportForm(request.POST, request.FILES, centres=[self.ceremony.centre])
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        token = import_store.keep(
            upload.read(),
            user_id=request.user.pk,
            centre_id=self.ceremony.centre_id,
            format=form.cleaned_data["format"],
            filename=upload.name,
            scope=_scope(self.ceremony),
        )
        return redirect(f"{URL_NAMESPACE}:import_preview", pk=pk, token=token)

    def show(self, form, status: int = 200):
        aliases: dict[str, list[str]] = {}
        for alias, column in ALIASES.items():
            aliases.setdefault(column, []).append(alias)
        return self.render(
            {
                "page_title": _("Import invitees"),
                "form": form,
                "columns": [
                    (column, column in REQUIRED_COLUMNS, aliases.get(column, []))
                    for column in COLUMNS
                ],
                "languages": list(SPOKEN_LANGUAGES.items()),
            },
            status=status,
        )


class ImportPreviewView(CeremonyView):
    """Step 2: a dry run that lists every problem and every new invitee; the confirmation
    imports the file again, for real, and saves nothing unless the whole file is fine."""

    http_method_names = ["get", "post"]
    permission = "ceremonies.add_invitee"
    template_name = "ceremonies/admin/import_preview.html"

    def pending(self, token: str, *, claim: bool = False):
        load = import_store.claim if claim else import_store.fetch
        pending = load(token, self.request.user.pk)
        if pending is None or pending.scope != _scope(self.ceremony):
            if pending is not None and claim:
                import_store.release(token)
            raise Http404
        return pending

    def get(self, request, pk, token):
        pending = self.pending(token)
        report = run_import(pending.content, pending.format, ceremony=self.ceremony, dry_run=True)
        return self.show(pending, report)

    def post(self, request, pk, token):
        if request.POST.get("action") == "cancel":
            self.pending(token)
            import_store.discard(token)
            messages.success(request, _("The import is cancelled; nothing was saved."))
            return redirect(f"{URL_NAMESPACE}:import", pk=pk)
        pending = self.pending(token, claim=True)
        try:
            report = run_import(
                pending.content, pending.format, ceremony=self.ceremony, dry_run=False
            )
        except BaseException:
            import_store.release(token)
            raise
        if not report.ok:
            import_store.release(token)
            messages.error(request, _("Nothing was saved: the file has problems."))
            return self.show(pending, report, status=400)
        import_store.discard(token)
        record(
            request.user,
            AuditEntry.Action.CREATE,
            Invitee,
            centre_id=self.ceremony.centre_id,
            detail={"imported": len(report.new), "ceremony": self.ceremony.pk},
        )
        messages.success(
            request,
            ngettext(
                "%(new)d invitee added (%(known)d already invited).",
                "%(new)d invitees added (%(known)d already invited).",
                len(report.new),
            )
            % {"new": len(report.new), "known": len(report.known)},
        )
        return redirect(f"{URL_NAMESPACE}:overview", pk=pk)

    def show(self, pending, report, status: int = 200):
        german_only = [
            {
                "code": code,
                "name": language_name(code),
                "dir": language_direction(code),
                "count": count,
                "rows": rows_by_language(report).get(code, [])[:20],
            }
            for code, count in report.german_only.items()
        ]
        return self.render(
            {
                "page_title": _("Check the import"),
                "pending": pending,
                "report": report,
                "new_shown": report.new[:200],
                "german_only": german_only,
                "action_url": url("import_preview", self.ceremony.pk, pending.token),
            },
            status=status,
        )


# -- letters --------------------------------------------------------------------------------


class LettersView(CeremonyView):
    """The PDFs of letters: asked for here, made in the background, downloaded when ready."""

    http_method_names = ["get", "post"]
    permission = "ceremonies.view_letterbatch"
    template_name = "ceremonies/admin/letters.html"

    def get(self, request, pk):
        batches = list(LetterBatch.objects.filter(ceremony=self.ceremony)[:10])
        busy = any(
            b.status in (LetterBatch.Status.PENDING, LetterBatch.Status.RUNNING) for b in batches
        )
        response = self.render(
            {
                "page_title": _("Invitation letters"),
                "batches": [(b, url("letters_download", pk, b.pk)) for b in batches],
                "may_make": may(request.user, "ceremonies.add_letterbatch", self.ceremony),
                "busy": busy,
                "without_letter": Invitee.objects.filter(
                    ceremony=self.ceremony, anonymised=False, lettered_at=None
                ).count(),
                "invitees": Invitee.objects.filter(
                    ceremony=self.ceremony, anonymised=False
                ).count(),
            }
        )
        if busy:
            # the page looks again while the PDF is being made
            response["Refresh"] = "5"
        return response

    def post(self, request, pk):
        from .letters import request_letters

        if not may(request.user, "ceremonies.add_letterbatch", self.ceremony):
            raise PermissionDenied
        only_new = request.POST.get("which") == "new"
        request_letters(self.ceremony, request.user, only_new=only_new)
        messages.success(
            request,
            _("The letters are being made. This page shows the PDF when it is ready."),
        )
        return redirect(f"{URL_NAMESPACE}:letters", pk=pk)


class LettersDownloadView(CeremonyView):
    http_method_names = ["get"]
    permission = "ceremonies.view_letterbatch"

    def get(self, request, pk, batch):
        letters = get_object_or_404(
            LetterBatch, pk=batch, ceremony=self.ceremony, status=LetterBatch.Status.DONE
        )
        if not letters.file:
            raise Http404
        record(
            request.user,
            AuditEntry.Action.EXPORT,
            letters,
            detail={"letters": letters.letters},
        )
        response = FileResponse(
            letters.file.open("rb"),
            as_attachment=True,
            filename=f"einladungen-{letters.ceremony.starts_at:%Y-%m-%d}-{letters.pk}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "no-store"
        return response


# -- e-mail invitations -----------------------------------------------------------------------


class EmailsView(CeremonyView):
    """Sends the invitation by e-mail to everyone with an address who has none yet."""

    http_method_names = ["get", "post"]
    permission = "ceremonies.change_invitee"
    template_name = "ceremonies/admin/emails.html"

    def waiting(self):
        return Invitee.objects.filter(
            ceremony=self.ceremony, anonymised=False, emailed_at=None
        ).exclude(email="")

    def get(self, request, pk):
        return self.render(
            {
                "page_title": _("E-mail invitations"),
                "waiting": self.waiting().count(),
                "figures": reports.figures(self.ceremony),
            }
        )

    def post(self, request, pk):
        from .mails import schedule_invitations

        count = self.waiting().count()
        if count:
            schedule_invitations(self.ceremony, request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d e-mail invitation is being sent.",
                "%(count)d e-mail invitations are being sent.",
                count,
            )
            % {"count": count},
        )
        return redirect(f"{URL_NAMESPACE}:overview", pk=pk)


class ResendView(CeremonyView):
    """One invitee's e-mail again (a lost mail, a corrected address)."""

    http_method_names = ["post"]
    permission = "ceremonies.change_invitee"

    def post(self, request, pk, invitee):
        from .mails import send_invitation

        person = get_object_or_404(Invitee, pk=invitee, ceremony=self.ceremony, anonymised=False)
        if not person.email:
            messages.error(request, _("There is no e-mail address for this invitee."))
        else:
            send_invitation(person, again=True)
            record(
                request.user, AuditEntry.Action.CHANGE, person, detail={"fields": ["emailed_at"]}
            )
            messages.success(request, _("The invitation is being sent again."))
        return redirect(f"{URL_NAMESPACE}:overview", pk=pk)


# -- the door ---------------------------------------------------------------------------------


def _result(result: checkin.CheckIn) -> dict:
    """What the door's page says about a scan or a typed code (also as JSON)."""
    invitee = result.invitee
    data = {"outcome": result.outcome, "anyway": result.anyway}
    if invitee is not None:
        at = timezone.localtime(invitee.checked_in_at) if invitee.checked_in_at else None
        data.update(
            {
                "name": invitee.name,
                "code": invitee.code,
                "companions": invitee.companions,
                "status": invitee.status,
                "status_label": str(invitee.get_status_display()),
                "time": f"{at:%H:%M}" if at else "",
            }
        )
    data["message"] = _message(result, data)
    return data


def _message(result: checkin.CheckIn, data: dict) -> str:
    name, companions = data.get("name", ""), data.get("companions", 0)
    if result.outcome == checkin.Outcome.UNKNOWN:
        return _("No invitee of this ceremony has this code.")
    if result.outcome == checkin.Outcome.ALREADY:
        return _("%(name)s already arrived at %(time)s.") % {"name": name, "time": data["time"]}
    if result.outcome == checkin.Outcome.NO_SEAT:
        return _("%(name)s has no seat: %(answer)s.") % {
            "name": name,
            "answer": data["status_label"],
        }
    if result.outcome == checkin.Outcome.FULL:
        return _("%(name)s has no seat, and every seat is taken.") % {"name": name}
    with_companions = ngettext(
        "%(name)s has arrived, with %(count)d companion.",
        "%(name)s has arrived, with %(count)d companions.",
        companions,
    ) % {"name": name, "count": companions}
    alone = _("%(name)s has arrived.") % {"name": name}
    return with_companions if companions else alone


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class CheckInView(CeremonyView):
    """The door: a phone's camera reads the QR code, or staff type the code (a plain form
    that works without JavaScript); the arrivals are counted live."""

    http_method_names = ["get", "post"]
    permission = "ceremonies.change_invitee"
    template_name = "ceremonies/admin/checkin.html"

    def get(self, request, pk):
        return self.show(CheckInForm())

    def post(self, request, pk):
        form = CheckInForm(request.POST)
        if not form.is_valid():
            if wants_json(request):
                return JsonResponse(
                    {"outcome": "invalid", "message": _("Enter a code.")}, status=400
                )
            return self.show(form, status=400)
        result = checkin.check_in(
            self.ceremony,
            form.cleaned_data["code"],
            request.user,
            anyway=form.cleaned_data["anyway"],
        )
        data = _result(result)
        if wants_json(request):
            data["figures"] = checkin.arrivals(self.ceremony)
            return JsonResponse(data)
        return self.show(CheckInForm(), result=data)

    def show(self, form, result: dict | None = None, status: int = 200):
        return self.render(
            {
                "page_title": _("Check-in"),
                "form": form,
                "result": result,
                "figures": checkin.arrivals(self.ceremony),
                "status_url": url("checkin_status", self.ceremony.pk),
                "action_url": url("checkin", self.ceremony.pk),
            },
            status=status,
        )


class CheckInStatusView(CeremonyView):
    """The door's figures as JSON: the page asks every few seconds."""

    http_method_names = ["get"]
    permission = "ceremonies.change_invitee"

    def get(self, request, pk):
        response = JsonResponse(checkin.arrivals(self.ceremony))
        response["Cache-Control"] = "no-store"
        return response


# -- the dashboard ----------------------------------------------------------------------------


def upcoming_panel(user) -> DashboardPanel | None:
    centres = granting_centres(user, "ceremonies.view_invitee")
    ceremonies = list(
        Ceremony.objects.filter(centre__in=centres, starts_at__gte=timezone.now()).order_by(
            "starts_at"
        )[:3]
    )
    if not ceremonies:
        return None
    rows = [(c, reports.figures(c), url("overview", c.pk)) for c in ceremonies]
    # the coming ceremonies with their figures
    return DashboardPanel("ceremonies_upcoming", "ceremonies/admin/upcoming_panel.html", 70, rows)
