"""Organisations submit and follow their events on the public side, under their account."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ..models import Event


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    organisations = list(request.user.organisations.filter(centre=request.centre))
    events = (
        Event.objects.originals()
        .filter(centre=request.centre, organisation__in=organisations)
        .select_related("organisation", "edition", "venue")
        .prefetch_related("dates")
        .order_by("-updated_at")
    )
    return render(
        request,
        "events/my_events.html",
        {"organisations": organisations, "events": events},
    )


urlpatterns = [
    path("konto/veranstaltungen/", my_events, name="my_events"),
]
