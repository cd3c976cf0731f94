"""The public account pages MIA adds to allauth's: an overview, and accepting an invitation."""

from allauth.account.internal.flows.login import perform_login, record_authentication
from allauth.account.models import Login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django_ratelimit.core import is_ratelimited

from mia.core.models import Membership
from mia.permissions.invitations import InvitationError, accept, existing_account, open_invitation
from mia.permissions.roles import Role

from .forms import NewAccountForm
from .policy import is_staff_user


def not_offered(request: HttpRequest, *args) -> HttpResponse:
    raise Http404


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("centre")
        .order_by("centre__name", "role")
    )
    organisations = request.user.organisations.filter(centre=request.centre).order_by("name")
    return render(
        request,
        "accounts/overview.html",
        {
            "memberships": memberships,
            "organisations": organisations,
            "pool_links": _pool_links(request, memberships),
            "is_staff_user": is_staff_user(request.user),
        },
    )


def _pool_links(request: HttpRequest, memberships) -> list[tuple[str, str]]:
    """Where a volunteer or an institution's contact goes on from here: (address, label)
    for the roles held in this site's centre."""
    centre = getattr(request, "centre", None)
    roles = {m.role for m in memberships if centre is not None and m.centre_id == centre.pk}
    links = []
    if Role.VOLUNTEER in roles:
        links.append(
            (reverse("pool:volunteer_home"), _("Your volunteering as a language mediator"))
        )
    if Role.INSTITUTION_CONTACT in roles:
        links.append(
            (reverse("pool:institution_requests"), _("Your requests for language mediators"))
        )
    return links


@sensitive_post_parameters("password1", "password2")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    if is_ratelimited(
        request, group="invitation", key="ip", rate=_rate(), method="POST", increment=True
    ):
        return render(request, "accounts/invitation_invalid.html", {"limited": True}, status=429)
    try:
        invitation = open_invitation(token)
    except InvitationError:
        return render(request, "accounts/invitation_invalid.html", status=404)
    account = existing_account(invitation)
    context = {"invitation": invitation, "account": account}
    if account is not None:
        # the address already has an account: its owner signs in and takes the role
        if not request.user.is_authenticated or request.user.pk != account.pk:
            return render(request, "accounts/invitation_sign_in.html", context)
        if request.method == "POST":
            return _accepted(request, token, user=request.user)
        return render(request, "accounts/invitation_confirm.html", context)
    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        return _accepted(request, token, password=form.cleaned_data["password1"])
    return render(request, "accounts/invitation.html", {**context, "form": form})


def _accepted(request: HttpRequest, token: str, **kwargs) -> HttpResponse:
    try:
        user = accept(token, **kwargs)
    except InvitationError:
        return render(request, "accounts/invitation_invalid.html", status=404)
    messages.success(request, _("Welcome. Your account is ready."))
    target = reverse("mfa_index" if is_staff_user(user) else "account_overview")
    if request.user.is_authenticated:
        return redirect(target)
    # Signed in through allauth's flow, so the session is listed among the account's
    # sessions (and can be ended from another device) and counts as a password sign-in.
    record_authentication(request, user, method="password", email=user.email)
    return perform_login(request, Login(user=user, email=user.email, redirect_url=target))


def _rate() -> str:
    from django.conf import settings

    return settings.MIA_INVITATION_RATE
