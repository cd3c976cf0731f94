"""The outbox in the back office: a read-only list per centre, failed and held mails on the
dashboard, a way to send a failed mail again, and release or discard of held mails.

Mails queued with `hold=True` (the events office's mails to organisations) wait as HELD until
someone allowed to release them has read them: they release one, several at once, or discard
one. Who may only review such mails sees only them (`OutboxQuerySet.for_user`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_list_or_404, get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.log_actions import log

from mia.core.admin_views import ReadOnlyCentreScopedModelViewSet, scoped

from .models import OutboxMessage
from .services import discard_held, may_release, may_retry, release_held, retry_failed

RETRY_LOG_ACTION = "mia.outbox.retry"
RELEASE_LOG_ACTION = "mia.outbox.release"
DISCARD_LOG_ACTION = "mia.outbox.discard"


class StatusColumn(Column):
    """The status, with failed mails marked so that they stand out in the list."""

    cell_template_name = "outbox/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["failed"] = instance.status == OutboxMessage.Status.FAILED
        context["label"] = instance.get_status_display()
        return context


class NextAttemptColumn(Column):
    """Only a pending mail has a next attempt (for others the field holds a spent lease)."""

    def get_value(self, instance):
        if instance.status != OutboxMessage.Status.PENDING:
            return None
        return super().get_value(instance)


class OutboxIndexView(ReadOnlyCentreScopedModelViewSet.index_view_class):
    """The list, with check boxes for releasing several held mails at once."""

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="outbox"), *super().columns]

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        kwargs.setdefault("get_title_id", lambda instance: f"outbox_{instance.pk}_title")
        return super()._get_title_column(field_name, column_class, **kwargs)


class OutboxInspectView(ReadOnlyCentreScopedModelViewSet.inspect_view_class):
    """Shows one mail in full; a failed one with its error and, for those allowed, "Send
    again"; a held one with "Release" and "Discard"."""

    retry_url_name = None
    release_url_name = None
    discard_url_name = None

    def get_field_display_value(self, field_name, field):
        if field_name == "next_attempt_at" and self.object.status != OutboxMessage.Status.PENDING:
            return "–"
        if field_name == "body":
            # the mail as it will be read: its lines kept, its text escaped
            return format_html(
                '<div class="mia-mail-body">{}</div>', linebreaksbr(self.object.body)
            )
        value = super().get_field_display_value(field_name, field)
        return "–" if value is None else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failed"] = self.object.status == OutboxMessage.Status.FAILED
        if context["failed"] and may_retry(self.request.user, self.object):
            context["retry_url"] = reverse(self.retry_url_name, args=[self.object.pk])
        context["held"] = self.object.status == OutboxMessage.Status.HELD
        if context["held"] and may_release(self.request.user, self.object):
            context["release_url"] = reverse(self.release_url_name, args=[self.object.pk])
            context["discard_url"] = reverse(self.discard_url_name, args=[self.object.pk])
        return context


class RetryView(View):
    """POST only (CSRF-checked by the middleware): sets one failed mail of the user's centres
    pending again."""

    http_method_names = ["post"]
    permission_policy = None
    inspect_url_name = None

    def post(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, "retry"):
            raise PermissionDenied
        message = get_object_or_404(scoped(OutboxMessage, request), pk=pk)
        # the right must come from the mail's centre, not from any centre of the user's
        if not may_retry(request.user, message):
            raise PermissionDenied
        if retry_failed(message.pk, request.user):
            log(message, RETRY_LOG_ACTION, user=request.user)
            messages.success(request, _("The mail will be sent again."))
        else:
            messages.warning(request, _("Only a failed mail can be sent again."))
        return redirect(self.inspect_url_name, message.pk)


class ReleaseView(View):
    """POST only: one held mail of the user's centres goes out now."""

    http_method_names = ["post"]
    inspect_url_name = None

    def post(self, request, pk):
        message = get_object_or_404(scoped(OutboxMessage, request), pk=pk)
        if not may_release(request.user, message):
            raise PermissionDenied
        if release_held([message.pk], request.user):
            log(message, RELEASE_LOG_ACTION, user=request.user)
            messages.success(request, _("The mail is released and will be sent now."))
        else:
            messages.warning(request, _("This mail is no longer waiting for release."))
        return redirect(
            get_valid_next_url_from_request(request)
            or reverse(self.inspect_url_name, args=[message.pk])
        )


class DiscardView(View):
    """A held mail that should not go out: asked once, then deleted."""

    http_method_names = ["get", "post"]
    inspect_url_name = None
    index_url_name = None
    template_name = "outbox/discard.html"

    def _held(self, request, pk) -> OutboxMessage:
        message = get_object_or_404(scoped(OutboxMessage, request).held(), pk=pk)
        if not may_release(request.user, message):
            raise PermissionDenied
        return message

    def get(self, request, pk):
        message = self._held(request, pk)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "message": message,
                "inspect_url": reverse(self.inspect_url_name, args=[message.pk]),
                "header_icon": "mail",
            },
        )

    def post(self, request, pk):
        message = self._held(request, pk)
        with transaction.atomic():
            if discard_held(message.pk, request.user):
                log(message, DISCARD_LOG_ACTION, user=request.user)
        messages.success(request, _("The mail is discarded; it will not be sent."))
        return redirect(reverse(self.index_url_name) + "?" + urlencode({"status": "held"}))


class OutboxViewSet(ReadOnlyCentreScopedModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = gettext_lazy("Outgoing mail")
    add_to_settings_menu = True
    list_filter = ["status"]
    index_view_class = OutboxIndexView
    index_template_name = "outbox/index.html"
    inspect_view_enabled = True
    inspect_view_class = OutboxInspectView
    inspect_template_name = "outbox/inspect.html"
    form_fields = ["status", "next_attempt_at"]
    list_display = [
        "subject",
        StatusColumn("status", label=gettext_lazy("status"), sort_key="status"),
        "attempts",
        "created_at",
        NextAttemptColumn("next_attempt_at", label=gettext_lazy("next attempt")),
        "sent_at",
    ]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            retry_url_name=self.get_url_name("retry"),
            release_url_name=self.get_url_name("release"),
            discard_url_name=self.get_url_name("discard"),
            **kwargs,
        )

    @property
    def retry_view(self):
        return self.construct_view(RetryView, inspect_url_name=self.get_url_name("inspect"))

    @property
    def release_view(self):
        return self.construct_view(ReleaseView, inspect_url_name=self.get_url_name("inspect"))

    @property
    def discard_view(self):
        return self.construct_view(
            DiscardView,
            inspect_url_name=self.get_url_name("inspect"),
            index_url_name=self.get_url_name("index"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("retry/<int:pk>/", self.retry_view, name="retry"),
            path("release/<int:pk>/", self.release_view, name="release"),
            path("discard/<int:pk>/", self.discard_view, name="discard"),
        ]

    def failed_list_url(self) -> str:
        return reverse(self.get_url_name("index")) + "?" + urlencode({"status": "failed"})

    def held_list_url(self) -> str:
        return reverse(self.get_url_name("index")) + "?" + urlencode({"status": "held"})


outbox_viewset = OutboxViewSet("outbox")


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return outbox_viewset


@hooks.register("register_log_actions")
def register_outbox_log_actions(actions):
    actions.register_action(
        RETRY_LOG_ACTION, gettext_lazy("Send again"), gettext_lazy("Failed mail sent again")
    )
    actions.register_action(
        RELEASE_LOG_ACTION, gettext_lazy("Release"), gettext_lazy("Held mail released")
    )
    actions.register_action(
        DISCARD_LOG_ACTION, gettext_lazy("Discard"), gettext_lazy("Held mail discarded")
    )


class ReleaseBulkAction(BulkAction):
    """Release several held mails at once, after a page that lists them."""

    display_name = gettext_lazy("Release")
    action_type = "release"
    aria_label = gettext_lazy("Release the selected mails")
    template_name = "outbox/bulk_release.html"
    models = [OutboxMessage]

    @cached_property
    def _releasable(self) -> set[int]:
        held = scoped(OutboxMessage, self.request).held().releasable_by(self.request.user)
        return set(held.values_list("pk", flat=True))

    def get_queryset(self, model, object_ids):
        # only mails the user may read at all; by id alone Wagtail would find any centre's
        return get_list_or_404(scoped(model, self.request).filter(pk__in=list(object_ids)))

    def check_perm(self, message):
        return message.pk in self._releasable

    def get_all_objects_in_listing_query(self, parent_id):
        return scoped(OutboxMessage, self.request).held().values_list("pk", flat=True)

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        released = release_held([message.pk for message in objects], user)
        for message in objects:
            log(message, RELEASE_LOG_ACTION, user=user)
        return released, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d mail released.", "%(count)d mails released.", num_parent_objects
        ) % {"count": num_parent_objects}


hooks.register("register_bulk_action", ReleaseBulkAction)


class FailedMailPanel(Component):
    """Dashboard: how many mails of the user's centres failed for good, linked to the list."""

    name = "outbox_failed"
    template_name = "outbox/failed_panel.html"
    order = 50  # above Wagtail's own panels: it asks for action

    def __init__(self, count: int, url: str):
        self.count = count
        self.url = url

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": self.url}


class HeldMailPanel(FailedMailPanel):
    """Dashboard: how many mails wait for someone to read and release them."""

    name = "outbox_held"
    template_name = "outbox/held_panel.html"
    order = 51


@hooks.register("construct_homepage_panels")
def add_failed_mail_panel(request, panels):
    policy = outbox_viewset.permission_policy
    if not policy.user_has_permission(request.user, "view"):
        return
    mails = scoped(OutboxMessage, request)
    count = mails.failed().count()
    if count:
        panels.append(FailedMailPanel(count, outbox_viewset.failed_list_url()))
    if policy.user_has_permission(request.user, "release"):
        held = mails.held().releasable_by(request.user).count()
        if held:
            panels.append(HeldMailPanel(held, outbox_viewset.held_list_url()))
