import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# how long the office's and organisations' correspondence about an event is kept
MESSAGE_RETENTION = datetime.timedelta(days=3 * 365)


class EventsConfig(AppConfig):
    name = "mia.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from mia.outbox.models import register_reviewed_purpose
        from mia.permissions.roles import register_domain
        from mia.privacy.registry import PersonalData, interpolate_lazy, register

        # object rules of organisation members; the booklet follows the published programme
        from . import booklet, caching, rules  # noqa: F401
        from .models import Event, EventMessage
        from .services import MAIL_PURPOSE, translation_saved

        # mails to organisations wait in the outbox until the events office has read them
        register_reviewed_purpose(MAIL_PURPOSE, domain="events")
        # a translation saved by wagtail-localize changes the programme in its language
        post_save.connect(
            translation_saved, sender=self.get_model("Event"), dispatch_uid="event_translation"
        )
        caching.connect()  # the public pages' caches follow every change to events

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
            # an event's image: chosen from the centre's images (organisations upload theirs
            # there) or uploaded; Wagtail lets the uploader change or delete only their own
            collection_permissions=("wagtailimages.choose_image", "wagtailimages.add_image"),
        )
        register(
            PersonalData(
                model=Event,
                purpose=_("To tell visitors whom to ask about an event."),
                legal_basis=_("Art. 6 (1) (e) GDPR: the centre's public task."),
                keep_for=None,
                retention=_(
                    "The contact details an organisation gives for its event are published "
                    "with it; they are erased on request, the event stays."
                ),
                subject_fields=("contact_email",),
                anonymise=lambda events: events.update(contact_email="", contact_phone=""),
                # published on the event page: reading it in the back office is no disclosure
                audited=False,
            )
        )
        register(
            PersonalData(
                model=EventMessage,
                purpose=_("To agree with an organisation on its event."),
                legal_basis=_("Art. 6 (1) (e) GDPR: the centre's public task."),
                keep_for=MESSAGE_RETENTION,
                retention=interpolate_lazy(
                    _("Deleted %(years)d years after they were written."), years=3
                ),
                subject_fields=("author__email__iexact",),
                anonymise="delete",
            )
        )
