"""The outbox in the back office: a read-only list per centre, failed mails on the dashboard,
and a way to send a failed mail again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log

from mia.core.admin_views import ReadOnlyCentreScopedModelViewSet, scoped

from .models import OutboxMessage
from .services import retry_failed

RETRY_LOG_ACTION = "mia.outbox.retry"


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


class OutboxInspectView(ReadOnlyCentreScopedModelViewSet.inspect_view_class):
    """Shows one mail; a failed one with its error and, for those allowed, "Send again"."""

    retry_url_name = None

    def get_field_display_value(self, field_name, field):
        if field_name == "next_attempt_at" and self.object.status != OutboxMessage.Status.PENDING:
            return "–"
        value = super().get_field_display_value(field_name, field)
        return "–" if value is None else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["failed"] = self.object.status == OutboxMessage.Status.FAILED
        if context["failed"] and self.permission_policy.user_has_permission(
            self.request.user, "retry"
        ):
            context["retry_url"] = reverse(self.retry_url_name, args=[self.object.pk])
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
        if retry_failed(message.pk):
            log(message, RETRY_LOG_ACTION, user=request.user)
            messages.success(request, _("The mail will be sent again."))
        else:
            messages.warning(request, _("Only a failed mail can be sent again."))
        return redirect(self.inspect_url_name, message.pk)


class OutboxViewSet(ReadOnlyCentreScopedModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = gettext_lazy("Outgoing mail")
    add_to_settings_menu = True
    list_filter = ["status"]
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
        return super().get_inspect_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    @property
    def retry_view(self):
        return self.construct_view(RetryView, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("retry/<int:pk>/", self.retry_view, name="retry"),
        ]

    def failed_list_url(self) -> str:
        return reverse(self.get_url_name("index")) + "?" + urlencode({"status": "failed"})


outbox_viewset = OutboxViewSet("outbox")


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return outbox_viewset


@hooks.register("register_log_actions")
def register_outbox_log_actions(actions):
    actions.register_action(
        RETRY_LOG_ACTION, gettext_lazy("Send again"), gettext_lazy("Failed mail sent again")
    )


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


@hooks.register("construct_homepage_panels")
def add_failed_mail_panel(request, panels):
    if not outbox_viewset.permission_policy.user_has_permission(request.user, "view"):
        return
    count = scoped(OutboxMessage, request).failed().count()
    if count:
        panels.append(FailedMailPanel(count, outbox_viewset.failed_list_url()))
