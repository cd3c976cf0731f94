"""The back office's privacy desk: find, export and erase one person's data (Art. 15, 17 GDPR)."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import ngettext

from mia.audit.models import AuditEntry
from mia.audit.services import record

from . import services
from .forms import EraseForm, SubjectForm

PERMISSION = "privacy.handle_requests"


def privacy_requests(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    form = SubjectForm(source or None, user=request.user)
    context = {"form": form, "erase_form": EraseForm(), "found": None}
    if form.is_valid():
        centre, email = form.cleaned_data["centre"], form.cleaned_data["email"]
        action = request.POST.get("action") if request.method == "POST" else None
        if action == "export":
            return _export(request, centre, email)
        if action == "erase":
            erase_form = EraseForm(request.POST)
            if erase_form.is_valid():
                removed = services.erase(centre, email, request.user)
                count = sum(removed.values())
                messages.success(
                    request,
                    ngettext("Erased %(count)d record.", "Erased %(count)d records.", count)
                    % {"count": count},
                )
                return redirect(request.path)
            context["erase_form"] = erase_form
        found = [
            (declaration, queryset.count())
            for declaration, queryset in services.records_of(centre, email)
        ]
        record(
            request.user,
            AuditEntry.Action.SEARCH,
            "privacy.subject",
            centre=centre,
            detail={"found": sum(count for _d, count in found)},
        )
        context.update(found=found, total=sum(count for _d, count in found))
    return TemplateResponse(request, "privacy/requests.html", context)


def _export(request: HttpRequest, centre, email: str) -> HttpResponse:
    data = services.export(centre, email, request.user)
    response = HttpResponse(
        json.dumps(data, cls=services.json_encoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    name = f"auskunft-{slugify(centre.short_name)}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
