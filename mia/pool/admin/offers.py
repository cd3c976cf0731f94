"""The pool's back office: offers. Making offers (posted by the matching page's ranking form),
each request's offers with the volunteers' answers, withdrawing an open offer, and the
centre's cancellation of an assignment; "Offers" in the pool's menu lists the requests
whose offers are out or answered.

Every view finds its request among those of the centres where the user's role grants the
view's right (`granting_centres`): pool coordinators and centre admins. Staff without that
right anywhere are sent to the dashboard, and another centre's request looks like none (404).
The pages show volunteers' names and answers, never their contact data.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core.admin_views import granting_centres

from .. import offers as services
from ..models import Assignment, Offer, Request, Volunteer

NAMESPACE = "pool_offers"
PER_PAGE = 50


def url(name: str, *args) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


def request_page(request_pk: int) -> str:
    """The request's page in the matching part (its ranking), where offers are made.
    (Named as `admin/matching.py` registers it: that module imports this one.)"""
    return reverse("pool_requests:detail", args=[request_pk])


def request_for(http_request, pk: int, permission: str) -> Request:
    """The request, if one of the user's roles grants `permission` in its centre."""
    centres = granting_centres(http_request.user, permission)
    if not centres.exists():
        raise PermissionDenied
    return get_object_or_404(
        Request.objects.select_related(
            "centre", "institution__organisation", "institution__district", "topic", "district"
        ),
        pk=pk,
        centre__in=centres,
    )


class PoolOfferView(View):
    permission = "pool.view_offer"

    def dispatch(self, http_request, pk, *args, **kwargs):
        self.pool_request = self.find(http_request, pk)
        return super().dispatch(http_request, pk, *args, **kwargs)

    def find(self, http_request, pk: int) -> Request:
        return request_for(http_request, pk, self.permission)


class MakeOffersView(PoolOfferView):
    """The ranking form's POST: `volunteer` repeated, each a volunteer's id."""

    http_method_names = ["post"]
    permission = "pool.add_offer"

    def post(self, http_request, pk):
        ids = [value for value in http_request.POST.getlist("volunteer") if value.isdigit()]
        people = list(Volunteer.objects.filter(pk__in=ids, centre_id=self.pool_request.centre_id))
        back = request_page(pk)
        if len(people) != len(set(ids)):
            messages.error(http_request, _("One of the volunteers chosen is not known here."))
            return redirect(back)
        try:
            made = services.make_offers(self.pool_request, people, http_request.user)
        except services.OfferError as refused:
            messages.error(http_request, refused.message)
            return redirect(back)
        messages.success(
            http_request,
            ngettext(
                "The appointment was offered to %(count)d volunteer: %(names)s.",
                "The appointment was offered to %(count)d volunteers: %(names)s.",
                len(made),
            )
            % {"count": len(made), "names": ", ".join(p.name for p in people)},
        )
        return redirect(back)


class RequestOffersView(PoolOfferView):
    """One request's offers: to whom, when, until when, and what each answered."""

    http_method_names = ["get"]

    def get(self, http_request, pk):
        pool_request = self.pool_request
        offers = list(
            Offer.objects.filter(request=pool_request)
            .select_related("volunteer", "offered_by")
            .order_by("-created_at", "-pk")
        )
        assignments = list(
            Assignment.objects.filter(request=pool_request)
            .select_related("volunteer")
            .order_by("-created_at")
        )
        may_change = (
            granting_centres(http_request.user, "pool.change_offer")
            .filter(pk=pool_request.centre_id)
            .exists()
        )
        may_cancel = (
            granting_centres(http_request.user, "pool.change_assignment")
            .filter(pk=pool_request.centre_id)
            .exists()
        )
        record(
            http_request.user,
            AuditEntry.Action.VIEW,
            pool_request,
            detail={"offers": [o.pk for o in offers]},
        )
        return TemplateResponse(
            http_request,
            "pool/admin/offers/request.html",
            {
                "page_title": _("Offers and answers"),
                "pool_request": pool_request,
                "appointment": services.appointment(pool_request),
                "offers": offers,
                "assignments": assignments,
                "may_change": may_change,
                "may_cancel": may_cancel,
                "request_page": request_page(pk),
                "index_url": url("index"),
                "now": timezone.now(),
                "cancel_form": CancelForm(),
            },
        )


class WithdrawView(PoolOfferView):
    http_method_names = ["post"]
    permission = "pool.change_offer"

    def find(self, http_request, pk: int) -> Request:
        self.offer = get_object_or_404(Offer, pk=pk)
        return request_for(http_request, self.offer.request_id, self.permission)

    def post(self, http_request, pk):
        try:
            services.withdraw(self.offer, http_request.user)
        except services.OfferError as refused:
            messages.error(http_request, refused.message)
        else:
            messages.success(http_request, _("The offer is withdrawn; the volunteer is told."))
        return redirect(url("list", self.pool_request.pk))


class UnfilledForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why was it not filled?"),
        choices=[(r.value, r.label) for r in services.UNFILLED_REASONS],
        help_text=gettext_lazy(
            "Counted in the statistics. The institution is told that no mediator was found; "
            "open offers are withdrawn."
        ),
    )


class CloseUnfilledView(PoolOfferView):
    """The coordinator gives up on a request nobody has taken: it ends "not filled"."""

    http_method_names = ["post"]
    permission = "pool.change_request"

    def post(self, http_request, pk):
        form = UnfilledForm(http_request.POST)
        if not form.is_valid():
            messages.error(http_request, _("Please choose why the request was not filled."))
            return redirect(request_page(pk))
        try:
            services.close_unfilled(
                self.pool_request, form.cleaned_data["reason"], http_request.user
            )
        except services.OfferError as refused:
            messages.error(http_request, refused.message)
        else:
            messages.success(
                http_request,
                _("The request is closed as not filled; the institution is told."),
            )
        return redirect(request_page(pk))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the cancellation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The volunteer reads it in the mail that tells them."),
    )


class CancelAssignmentView(PoolOfferView):
    """The centre cancels an assignment: the request goes back to matching."""

    http_method_names = ["get", "post"]
    permission = "pool.change_assignment"

    def find(self, http_request, pk: int) -> Request:
        self.assignment = get_object_or_404(Assignment.objects.select_related("volunteer"), pk=pk)
        return request_for(http_request, self.assignment.request_id, self.permission)

    def render(self, form, status=200):
        return TemplateResponse(
            self.request,
            "pool/admin/offers/cancel.html",
            {
                "page_title": _("Cancel the assignment"),
                "pool_request": self.pool_request,
                "assignment": self.assignment,
                "appointment": services.appointment(self.pool_request),
                "form": form,
                "back_url": url("list", self.pool_request.pk),
                "cancellable": self.assignment.status == Assignment.Status.CONFIRMED,
            },
            status=status,
        )

    def get(self, http_request, pk):
        return self.render(CancelForm())

    def post(self, http_request, pk):
        form = CancelForm(http_request.POST)
        if not form.is_valid():
            return self.render(form, 400)
        try:
            services.cancel_assignment(
                self.assignment, http_request.user, form.cleaned_data["reason"], "centre"
            )
        except services.OfferError as refused:
            form.add_error(None, refused.message)
            return self.render(form, 409)
        messages.success(
            http_request,
            _("The assignment is cancelled; the volunteer and the institution are told."),
        )
        return redirect(url("list", self.pool_request.pk))


def offer_index(http_request):
    """The requests whose offers are out or answered, the next appointments first."""
    centres = granting_centres(http_request.user, "pool.view_offer")
    if not centres.exists():
        raise PermissionDenied
    requests = (
        Request.objects.filter(centre__in=centres, starts_at__gte=timezone.now())
        .filter(Q(status=Request.Status.OFFERED) | Q(offers__isnull=False))
        .distinct()
        .select_related("institution__organisation", "institution__district", "topic", "district")
        .annotate(
            open_offers=Count("offers", filter=Q(offers__status=Offer.Status.OPEN), distinct=True),
            declined_offers=Count(
                "offers", filter=Q(offers__status=Offer.Status.DECLINED), distinct=True
            ),
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(status__in=Assignment.LIVE).select_related(
                    "volunteer"
                ),
                to_attr="live",
            )
        )
        .order_by("starts_at", "pk")
    )
    page = Paginator(requests, PER_PAGE).get_page(http_request.GET.get("p"))
    for item in page:
        item.offers_url = url("list", item.pk)
        item.appointment = services.appointment(item)
    return TemplateResponse(
        http_request,
        "pool/admin/offers/index.html",
        {"page_title": _("Offers"), "page_obj": page},
    )


urlpatterns = [
    path("offers/", offer_index, name="index"),
    path("requests/<int:pk>/offer/", MakeOffersView.as_view(), name="make"),
    path("requests/<int:pk>/offers/", RequestOffersView.as_view(), name="list"),
    path("requests/<int:pk>/not-filled/", CloseUnfilledView.as_view(), name="unfilled"),
    path("offers/<int:pk>/withdraw/", WithdrawView.as_view(), name="withdraw"),
    path("assignments/<int:pk>/cancel/", CancelAssignmentView.as_view(), name="cancel"),
]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("pool/", include((urlpatterns, NAMESPACE), namespace=NAMESPACE))]


class OffersMenuItem(MenuItem):
    def is_shown(self, request):
        return granting_centres(request.user, "pool.view_offer").exists()


@hooks.register("register_pool_menu_item")
def register_menu_item():
    return OffersMenuItem(gettext_lazy("Offers"), url("index"), icon_name="mail", order=300)
