"""Organisation members keep their organisation's profile on the public side of the site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import OrganisationProfileForm
from .models import Organisation


@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=pk, centre=request.centre).first()
    # someone else's organisation looks like none at all
    if organisation is None or not request.user.has_perm(
        "organisations.change_organisation", organisation
    ):
        raise Http404
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your organisation's details are saved."))
            return redirect("organisation_profile", pk=organisation.pk)
        return render(
            request,
            "organisations/profile.html",
            {"organisation": organisation, "form": form},
            status=400,
        )
    return render(
        request, "organisations/profile.html", {"organisation": organisation, "form": form}
    )
