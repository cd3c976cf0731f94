from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "mia.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from mia.permissions.roles import register_domain

        # object rules of organisation members; the booklet follows the published programme
        from . import booklet, caching, rules  # noqa: F401

        caching.connect()  # the public pages' caches follow every change to events

        register_domain(
            "events",
            _("Events and organisations"),
            tuple(
                f"events.{action}_{model}"
                for model in ("edition", "event", "venue", "accesscode", "eventmessage")
                for action in ("view", "add", "change", "delete")
            )
            + ("events.review_event", "outbox.view_outboxmessage", "outbox.release_outboxmessage"),
        )
