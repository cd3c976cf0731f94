"""The pool's back office: matching. The requests (open first, urgent flagged), each
request's explained ranking with its near misses, and the suggestion for all open requests;
from both, the coordinator picks volunteers and makes offers (the offers' view,
`pool_offers:make`); a volunteer's name leads to their record (`pool_volunteers:inspect`).

Every view finds its records among those of the centres where the user's role grants
`pool.view_request` (`granting_centres`): staff without it anywhere are sent to the
dashboard; another centre's request looks like none (404). The volunteers' names a ranking
or a suggestion shows are written to the audit log ("listed", with their ids).
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core.admin_views import granting_centres
from mia.core.panels import DashboardPanel

from .. import matching
from ..languages import is_language, language_choices
from ..models import Institution, Offer, Request, Volunteer
from ..offers import OFFERABLE
from .offers import NAMESPACE as OFFERS_NAMESPACE
from .offers import UnfilledForm
from .volunteers import volunteer_viewset

NAMESPACE = "pool_requests"
PERMISSION = "pool.view_request"
OFFER_PERMISSION = "pool.add_offer"
PER_PAGE = 50


def _centres(request):
    centres = granting_centres(request.user, PERMISSION)
    if not centres.exists():
        raise PermissionDenied
    return centres


def _offer_url(pk: int) -> str:
    """The offers' view that makes offers of the request (its form is posted there)."""
    return reverse(f"{OFFERS_NAMESPACE}:make", kwargs={"pk": pk})


def _volunteer_url(pk: int) -> str:
    """The volunteer's record in the back office, as their name in the list leads to (its
    reading is audited)."""
    return reverse(volunteer_viewset.get_url_name("inspect"), args=[pk])


def _may_offer(user, centre_id: int) -> bool:
    return granting_centres(user, OFFER_PERMISSION).filter(pk=centre_id).exists()


def _may_close(user, centre_id: int) -> bool:
    return granting_centres(user, "pool.change_request").filter(pk=centre_id).exists()


def _offers_summary(asked: Request) -> list[tuple[str, int]]:
    """How the offers of the request stand: (status, how many), in the order of the
    statuses, for the line that leads to the offers' page."""
    counts = dict(
        Offer.objects.filter(request=asked)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(label, counts[value]) for value, label in Offer.Status.choices if counts.get(value)]


def _audit_listed(user, centre_id: int, volunteers, **detail) -> None:
    ids = sorted({volunteer.pk for volunteer in volunteers})
    if ids:
        record(
            user,
            AuditEntry.Action.LIST,
            Volunteer,
            centre_id=centre_id,
            detail={"ids": ids, **detail},
        )


def requests_index(request):
    """The requests: open ones first, then by date; filters by status and language."""
    centres = _centres(request)
    status = request.GET.get("status", "")
    language = request.GET.get("language", "").strip().lower()
    found = (
        Request.objects.filter(centre__in=centres)
        .select_related("institution__organisation", "topic", "district")
        .annotate(
            open_first=Case(
                When(status=Request.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("open_first", "starts_at", "pk")
    )
    if status in Request.Status.values:
        found = found.filter(status=status)
    else:
        status = ""
    if language and is_language(language):
        found = found.filter(language=language)
    else:
        language = ""
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "pool/admin/matching/index.html",
        {
            "page_title": _("Mediation requests"),
            "page": page,
            "statuses": Request.Status.choices,
            "status": status,
            "language": language,
            "languages": language_choices(
                Request.objects.filter(centre__in=centres)
                .order_by()
                .values_list("language", flat=True)
                .distinct()
            ),
            "query": query.urlencode(),
            "suggest_url": reverse(f"{NAMESPACE}:suggest"),
        },
    )


def request_detail(request, pk: int):
    """The request and its explained ranking, the near misses below."""
    centres = _centres(request)
    asked = get_object_or_404(
        Request.objects.select_related("centre", "institution__organisation", "topic", "district"),
        pk=pk,
        centre__in=centres,
    )
    offerable = asked.status in OFFERABLE
    ranking = matching.rank(asked) if offerable else None
    may_offer = bool(ranking) and _may_offer(request.user, asked.centre_id)
    may_close = offerable and _may_close(request.user, asked.centre_id)
    if ranking:
        _audit_listed(
            request.user,
            asked.centre_id,
            [c.volunteer for c in ranking.candidates] + [m.volunteer for m in ranking.near_misses],
            request=asked.pk,
        )
    return TemplateResponse(
        request,
        "pool/admin/matching/detail.html",
        {
            "page_title": _("Mediation request"),
            "asked": asked,
            "ranking": ranking,
            "candidates": [
                (number, candidate, _volunteer_url(candidate.volunteer.pk))
                for number, candidate in enumerate(ranking.candidates if ranking else [], 1)
            ],
            "near_misses": [
                (miss, _volunteer_url(miss.volunteer.pk))
                for miss in (ranking.near_misses if ranking else [])
            ],
            "offer_url": _offer_url(asked.pk) if may_offer else "",
            "offers_url": reverse(f"{OFFERS_NAMESPACE}:list", kwargs={"pk": asked.pk}),
            "offers": _offers_summary(asked),
            "unfilled_url": reverse(f"{OFFERS_NAMESPACE}:unfilled", kwargs={"pk": asked.pk})
            if may_close
            else "",
            "unfilled_form": UnfilledForm() if may_close else None,
            "may_not_offer": bool(ranking) and not may_offer,
            "index_url": reverse(f"{NAMESPACE}:index"),
        },
    )


def suggest(request):
    """An optimal pairing of the open requests for review, per centre the user works for."""
    centres = list(_centres(request))
    groups = []
    for centre in centres:
        suggestions = matching.suggest_all(centre)
        if not suggestions:
            continue
        _audit_listed(
            request.user,
            centre.pk,
            [s.volunteer for s in suggestions if s.volunteer]
            + [m.volunteer for s in suggestions for m in s.near_misses],
            suggest_all=True,
        )
        may_offer = _may_offer(request.user, centre.pk)
        groups.append(
            {
                "centre": centre,
                "several": len(centres) > 1,
                "rows": [
                    {
                        "suggestion": s,
                        "offer_url": _offer_url(s.request.pk) if may_offer else "",
                        "detail_url": reverse(f"{NAMESPACE}:detail", args=[s.request.pk]),
                        "volunteer_url": _volunteer_url(s.volunteer.pk) if s.volunteer else "",
                    }
                    for s in suggestions
                ],
                "filled": sum(1 for s in suggestions if s.volunteer),
            }
        )
    return TemplateResponse(
        request,
        "pool/admin/matching/suggest.html",
        {
            "page_title": _("Suggest for all open requests"),
            "groups": groups,
            "index_url": reverse(f"{NAMESPACE}:index"),
        },
    )


urlpatterns = [
    path("", requests_index, name="index"),
    path("suggest/", suggest, name="suggest"),
    path("<int:pk>/", request_detail, name="detail"),
]


@hooks.register("register_admin_urls")
def register_matching_urls():
    return [path("pool/requests/", include((urlpatterns, NAMESPACE), namespace=NAMESPACE))]


class MatchingMenuItem(MenuItem):
    def is_shown(self, request):
        return granting_centres(request.user, PERMISSION).exists()


@hooks.register("register_pool_menu_item")
def register_requests_menu_item():
    return MatchingMenuItem(
        gettext_lazy("Requests"), reverse(f"{NAMESPACE}:index"), icon_name="list-ul", order=200
    )


@hooks.register("register_pool_menu_item")
def register_suggest_menu_item():
    return MatchingMenuItem(
        gettext_lazy("Suggest for all open requests"),
        reverse(f"{NAMESPACE}:suggest"),
        icon_name="resubmit",
        order=210,
    )


# -- the dashboard ----------------------------------------------------------------------------


def pool_panel(user) -> DashboardPanel | None:
    """Open requests (urgent ones counted apart), requests waiting for answers, applications
    to take in and institutions to approve, over the centres where the user sees requests."""
    centres = granting_centres(user, PERMISSION)
    if not centres.exists():
        return None
    requests = Request.objects.filter(centre__in=centres)
    index = reverse(f"{NAMESPACE}:index")
    rows = [
        (
            _("Open requests"),
            requests.filter(status=Request.Status.OPEN).count(),
            requests.filter(status=Request.Status.OPEN, urgent=True).count(),
            f"{index}?status={Request.Status.OPEN}",
        ),
        (
            _("Requests waiting for an answer"),
            requests.filter(status=Request.Status.OFFERED).count(),
            None,
            f"{index}?status={Request.Status.OFFERED}",
        ),
        (
            _("Applications to take in"),
            Volunteer.objects.filter(centre__in=centres, status=Volunteer.Status.APPLIED).count(),
            None,
            reverse(volunteer_viewset.get_url_name("index")),
        ),
        (
            _("Institutions to approve"),
            Institution.objects.filter(
                centre__in=centres, status=Institution.Status.PENDING
            ).count(),
            None,
            reverse("pool_institutions:index"),
        ),
    ]
    return DashboardPanel("pool_waiting", "pool/admin/matching/dashboard_panel.html", 75, rows)


@hooks.register("construct_homepage_panels")
def add_pool_panel(request, panels):
    panel = pool_panel(request.user)
    if panel is not None:
        panels.append(panel)
