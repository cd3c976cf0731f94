from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "mia.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from mia.outbox.models import register_reviewed_purpose
        from mia.permissions.roles import register_domain

        # object rules of organisation members; the booklet follows the published programme
        from . import booklet, rules  # noqa: F401
        from .services import MAIL_PURPOSE, translation_saved

        # mails to organisations wait in the outbox until the events office has read them
        register_reviewed_purpose(MAIL_PURPOSE, domain="events")
        # a translation saved by wagtail-localize changes the programme in its language
        post_save.connect(
            translation_saved, sender=self.get_model("Event"), dispatch_uid="event_translation"
        )

        register_domain(
            "events",
            _("Events and organisations"),
            tuple(
                f"events.{action}_{model}"
                for model in ("edition", "event", "venue", "accesscode", "eventmessage")
                for action in ("view", "add", "change", "delete")
            )
            + (
                "events.review_event",
                "outbox.view_outboxmessage",
                "outbox.release_outboxmessage",
                # events are translated with wagtail-localize; the guard keeps it to own events
                "wagtail_localize.submit_translation",
            ),
        )
