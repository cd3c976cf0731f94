"""Closes back-office views that Wagtail and wagtail-localize do not scope by centre.

Wagtail's site-wide reports (site history, aging pages, page types, workflows) list records
of every site: only platform superusers open them; a centre's editors keep the report of
their locked pages, which Wagtail narrows by page permission.

wagtail-localize checks only that a user may translate at all, not *which* page or
snippet: without this, an editor of one centre could open and translate another centre's
pages by their id. Each of its views names the record in its URL; the record must be one
the user may edit (pages: Wagtail's page permissions; snippets: the centre rules).
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from wagtail.models import Page

NAMESPACE = "wagtail_localize"
SUPERUSER_ONLY = {"translations_report", "translations_report_results"}
SITE_WIDE_REPORTS = {
    "site_history",
    "site_history_results",
    "aging_pages",
    "aging_pages_results",
    "page_types_usage",
    "page_types_usage_results",
    "workflow",
    "workflow_results",
    "workflow_tasks",
    "workflow_tasks_results",
}


def _record(match):
    from wagtail_localize.models import Translation, TranslationSource

    kwargs = match.kwargs
    if "page_id" in kwargs:
        return Page.objects.filter(pk=kwargs["page_id"]).first()
    if "translation_id" in kwargs:
        translation = Translation.objects.filter(pk=kwargs["translation_id"]).first()
        return translation.get_target_instance() if translation else None
    if "translation_source_id" in kwargs:
        source = TranslationSource.objects.filter(pk=kwargs["translation_source_id"]).first()
        return source.get_source_instance() if source else None
    if "pk" in kwargs:
        model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        return model._default_manager.filter(pk=kwargs["pk"]).first()
    return None


def may_edit(user, obj) -> bool:
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    meta = obj._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}", obj)


class BackOfficeGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.WAGTAILADMIN_PATH

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The views it guards are all in the back office. Elsewhere it must not even look at
        # the user: that reads the session, and a session read adds "Vary: Cookie" to every
        # public page, which then no shared cache in front of the site may keep.
        if not request.path.startswith(self.prefix):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        match = request.resolver_match  # Django resolved the path just before this hook
        if "wagtailadmin_reports" in match.namespaces and match.url_name in SITE_WIDE_REPORTS:
            raise PermissionDenied
        if NAMESPACE not in match.namespaces:
            return None
        if match.url_name in SUPERUSER_ONLY:
            raise PermissionDenied
        if not any(
            k in match.kwargs for k in ("page_id", "translation_id", "translation_source_id", "pk")
        ):
            return None
        try:
            obj = _record(match)
        except (LookupError, ValueError):
            raise Http404 from None
        if obj is None or not may_edit(user, obj):
            raise Http404
        return None
