"""A volunteer's way through the pool: the application on the public site, the intake by a
coordinator (which invites the volunteer's own account), pauses, leaving, and the copy of
their data they may download.

Each change of status takes the volunteer's row lock and checks the status it starts from,
so two coordinators clicking at once cannot take someone in twice or decline an active
volunteer. Mails go through the outbox in the same transaction: no mail without the change,
no change without its mail.

The account is linked when the volunteer accepts the invitation: granting the `volunteer`
role saves a `Membership`, and `_link_on_grant` connects the volunteer record of that centre
with the invited address (see `link_account`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mia.core.models import Centre, Membership
from mia.core.services import site_url
from mia.counselling.models import District
from mia.outbox.services import queue_rendered_mail
from mia.permissions.roles import Role

from .languages import is_language, spoken, validate_dialect
from .models import (
    Absence,
    Assignment,
    AvailabilityException,
    AvailabilitySlot,
    Offer,
    Setting,
    Topic,
    Volunteer,
    VolunteerLanguage,
)

Status = Volunteer.Status
# certificates due within this many days are flagged in the back office
RENEWAL_WARNING_DAYS = 60


class StatusError(Exception):
    """A change the volunteer's status does not allow (the message says why, for staff)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# -- weekly slots ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    weekday: int
    starts: datetime.time
    ends: datetime.time


def overlapping_slots(slots: Iterable[Slot]) -> list[tuple[Slot, Slot]]:
    """Pairs of slots on the same weekday that share some time (touching ends do not:
    14:00–16:00 and 16:00–18:00 are two slots that meet)."""
    by_day: dict[int, list[Slot]] = {}
    for slot in slots:
        by_day.setdefault(slot.weekday, []).append(slot)
    pairs = []
    for day_slots in by_day.values():
        ordered = sorted(day_slots, key=lambda s: (s.starts, s.ends))
        for index, first in enumerate(ordered):
            for second in ordered[index + 1 :]:
                if second.starts >= first.ends:
                    break
                pairs.append((first, second))
    return pairs


WEEKDAYS = dict(AvailabilitySlot._meta.get_field("weekday").choices)


def check_weekly_slots(slots: Iterable[Slot]) -> None:
    """Raises a ValidationError naming each pair of overlapping slots; empty or reversed
    slots are the rows' own errors."""
    errors = []
    for first, second in overlapping_slots(slots):
        errors.append(
            ValidationError(
                _(
                    "On %(weekday)s, %(first)s and %(second)s overlap. Please join them into "
                    "one time or change one of them."
                ),
                code="overlap",
                params={
                    "weekday": WEEKDAYS[first.weekday],
                    "first": f"{first.starts:%H:%M}–{first.ends:%H:%M}",
                    "second": f"{second.starts:%H:%M}–{second.ends:%H:%M}",
                },
            )
        )
    if errors:
        raise ValidationError(errors)


# -- the application ------------------------------------------------------------------------


def _pool_coordinators(centre: Centre) -> list[str]:
    """Who hears of a new application: the pool's coordinators, else the centre's address."""
    addresses = sorted(
        {
            email.lower()
            for email in Membership.objects.filter(
                centre=centre, role=Role.COORDINATOR, domain="pool"
            ).values_list("user__email", flat=True)
            if email
        }
    )
    return addresses or [centre.email]


def language_errors(languages: list[dict]) -> list[ValidationError]:
    """What is wrong with a volunteer's languages (`language`, `dialect`, `level` each):
    none at all, an unknown language, a variety of another language, one given twice."""
    errors = []
    if not languages:
        errors.append(
            ValidationError(_("Please give at least one language you mediate."), code="required")
        )
    seen = set()
    for entry in languages:
        code, dialect = entry["language"], entry.get("dialect", "")
        if not is_language(code):
            errors.append(
                ValidationError(
                    _("%(code)s is not a language code MIA knows (ISO 639)."),
                    code="unknown_language",
                    params={"code": code},
                )
            )
            continue
        try:
            validate_dialect(code, dialect)
        except ValidationError as error:
            errors.append(error)
        if (code, dialect) in seen:
            errors.append(
                ValidationError(
                    _("%(language)s is given twice."),
                    code="duplicate",
                    params={"language": spoken(code, dialect)},
                )
            )
        seen.add((code, dialect))
    return errors


def _check_application(centre: Centre, data: dict) -> None:
    """What the form checks, checked again here: a caller other than the form (an import,
    the API) cannot store an unknown language or another centre's district."""
    errors: dict[str, list] = {}
    if problems := language_errors(data.get("languages") or []):
        errors["languages"] = problems
    for district in [data.get("home_district"), *data.get("districts", [])]:
        if district is not None and district.centre_id != centre.pk:
            errors.setdefault("districts", []).append(
                ValidationError(_("This district is not one of ours."), code="district")
            )
    for topic in data.get("topics_declined", []):
        if topic.centre_id != centre.pk:
            errors.setdefault("topics_declined", []).append(
                ValidationError(_("This topic is not one of ours."), code="topic")
            )
    unknown = set(data.get("settings_accepted", [])) - set(Setting.values)
    if unknown or not data.get("settings_accepted"):
        errors.setdefault("settings_accepted", []).append(
            ValidationError(_("Please choose how you can mediate."), code="settings")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def apply(centre: Centre, data: dict) -> Volunteer:
    """Store an application (status `applied`) with its languages, and tell the pool's
    coordinators. `data`: name, email, phone, german_level, home_district, districts,
    settings_accepted, gender, topics_declined, motivation, and `languages` as a list of
    {"language", "dialect", "level"}. Refused as a whole (ValidationError) if any part is
    wrong: nothing is half-saved."""
    _check_application(centre, data)
    volunteer = Volunteer.objects.create(
        centre=centre,
        status=Status.APPLIED,
        name=data["name"].strip(),
        email=data["email"].strip().lower(),
        phone=data.get("phone", "").strip(),
        home_district=data.get("home_district"),
        settings_accepted=[s for s in Setting.values if s in data["settings_accepted"]],
        gender=data.get("gender", ""),
        german_level=data.get("german_level", ""),
        motivation=data.get("motivation", "").strip(),
    )
    volunteer.districts.set(data.get("districts", []))
    volunteer.topics_declined.set(data.get("topics_declined", []))
    VolunteerLanguage.objects.bulk_create(
        VolunteerLanguage(
            volunteer=volunteer,
            language=entry["language"],
            dialect=entry.get("dialect", ""),
            level=entry["level"],
        )
        for entry in data["languages"]
    )
    _tell_coordinators(volunteer)
    _thank_applicant(volunteer)
    return volunteer


def _thank_applicant(volunteer: Volunteer) -> None:
    """The applicant's receipt, in the language of the page they applied on: what happens
    next, and whom to ask. It repeats nothing they entered but their name."""
    centre = volunteer.centre
    queue_rendered_mail(
        "pool/volunteers/mail/received",
        {"volunteer": volunteer, "centre": centre},
        centre=centre,
        to=[volunteer.email],
        reply_to=[centre.email] if centre.email else [],
        purpose="pool.volunteer_received",
    )


def admin_url(volunteer: Volunteer) -> str:
    return site_url(volunteer.centre) + reverse("pool_volunteers:inspect", args=[volunteer.pk])


def _tell_coordinators(volunteer: Volunteer) -> None:
    """A notice without contact data (mail is no safe place for it): the languages, and the
    link to the record in the back office, where reading it is logged."""
    centre = volunteer.centre
    earlier = (
        Volunteer.objects.filter(centre=centre, email=volunteer.email)
        .exclude(pk=volunteer.pk)
        .exists()
    )
    entries = list(VolunteerLanguage.objects.filter(volunteer=volunteer))
    with translation.override(settings.LANGUAGE_CODE):
        # named in the mail's language, not in that of the page the volunteer applied on
        context = {
            "volunteer": volunteer,
            "centre": centre,
            "languages": ", ".join(spoken(e.language, e.dialect) for e in entries),
            "url": admin_url(volunteer),
            "earlier": earlier,
        }
    queue_rendered_mail(
        "pool/volunteers/mail/applied",
        context,
        language=settings.LANGUAGE_CODE,
        centre=centre,
        to=_pool_coordinators(centre),
        purpose="pool.volunteer_applied",
    )


# -- changes of status ----------------------------------------------------------------------


def _locked(volunteer: Volunteer, allowed: tuple[str, ...]) -> Volunteer:
    """The volunteer's row, locked, as it is now; refused unless its status is `allowed`
    (someone else may have changed it since the page was shown)."""
    locked = Volunteer.objects.select_for_update().select_related("centre").get(pk=volunteer.pk)
    if locked.status not in allowed:
        raise StatusError(
            _("This is not possible now: the status of %(name)s is “%(status)s”.")
            % {"name": locked.name, "status": locked.get_status_display()}
        )
    return locked


def _save(volunteer: Volunteer, fields: list[str]) -> Volunteer:
    volunteer.save(update_fields=[*fields, "updated_at"])
    return volunteer


@transaction.atomic
def take_in(volunteer: Volunteer, by) -> Volunteer:
    """After the intake interview: the volunteer is active, and an invitation to their own
    account (role `volunteer`) goes to the address they applied with. The requirements are
    dates the coordinator enters; until they are in place the volunteer is not offered."""
    from mia.permissions.invitations import invite

    locked = _locked(volunteer, (Status.APPLIED,))
    locked.status = Status.ACTIVE
    locked.intake_at = timezone.now()
    _save(locked, ["status", "intake_at"])
    # the invitation's page also serves someone who has an account under that address:
    # they sign in and take the role, and the grant links the record (`_link_on_grant`)
    invite(locked.centre, locked.email, Role.VOLUNTEER, invited_by=by)
    return locked


@transaction.atomic
def decline(volunteer: Volunteer, by) -> Volunteer:
    """The application is not taken up: a polite mail says so; the record goes a year on
    (the retention of declined applications)."""
    locked = _locked(volunteer, (Status.APPLIED,))
    locked.status = Status.DECLINED
    locked.left_at = timezone.now()
    _save(locked, ["status", "left_at"])
    queue_rendered_mail(
        "pool/volunteers/mail/declined",
        {"volunteer": locked, "centre": locked.centre},
        language=settings.LANGUAGE_CODE,
        centre=locked.centre,
        to=[locked.email],
        reply_to=[locked.centre.email],
        purpose="pool.volunteer_declined",
    )
    return locked


@transaction.atomic
def pause(volunteer: Volunteer, by) -> Volunteer:
    """Not offered for now; assignments already agreed stay."""
    locked = _locked(volunteer, (Status.ACTIVE,))
    locked.status = Status.PAUSED
    return _save(locked, ["status"])


@transaction.atomic
def resume(volunteer: Volunteer, by) -> Volunteer:
    locked = _locked(volunteer, (Status.PAUSED,))
    locked.status = Status.ACTIVE
    return _save(locked, ["status"])


def upcoming_assignments(volunteer: Volunteer):
    return Assignment.objects.filter(
        volunteer=volunteer,
        status=Assignment.Status.CONFIRMED,
        starts_at__gte=timezone.now(),
    )


@transaction.atomic
def leave(volunteer: Volunteer, by) -> Volunteer:
    """The volunteer leaves the pool: open offers are withdrawn (their links stop working).
    Refused while appointments lie ahead: those are cancelled first, so that each
    institution hears of it and the request goes back to matching."""
    locked = _locked(volunteer, (Status.ACTIVE, Status.PAUSED, Status.APPLIED))
    ahead = upcoming_assignments(locked).count()
    if ahead:
        raise StatusError(
            _(
                "%(name)s still has %(count)d appointment(s) ahead. Please cancel them first, "
                "so that the institutions hear of it."
            )
            % {"name": locked.name, "count": ahead}
        )
    Offer.objects.filter(volunteer=locked, status=Offer.Status.OPEN).update(
        status=Offer.Status.WITHDRAWN, answered_at=timezone.now()
    )
    locked.status = Status.LEFT
    locked.left_at = timezone.now()
    return _save(locked, ["status", "left_at"])


# -- the account ----------------------------------------------------------------------------


@transaction.atomic
def link_account(centre: Centre, user) -> Volunteer | None:
    """Connect `user` with the volunteer of `centre` who was taken in under the user's
    address and has no account yet (the invitation went to that address, so whoever
    accepted it holds it). A user already linked stays with their record."""
    if not user.email or Volunteer.objects.filter(user=user).exists():
        return None
    volunteer = (
        Volunteer.objects.select_for_update()
        .filter(
            centre=centre,
            email__iexact=user.email,
            user__isnull=True,
            status__in=[Status.ACTIVE, Status.PAUSED],
        )
        .order_by("-intake_at", "-pk")
        .first()
    )
    if volunteer is not None:
        volunteer.user = user
        volunteer.save(update_fields=["user", "updated_at"])
    return volunteer


@receiver(post_save, sender=Membership, dispatch_uid="mia.pool.volunteers.link")
def _link_on_grant(sender, instance: Membership, created: bool, **kwargs) -> None:
    if created and instance.role == Role.VOLUNTEER:
        link_account(instance.centre, instance.user)


def own_volunteer(centre: Centre, user) -> Volunteer | None:
    """The signed-in volunteer's own record in this centre: the role held here and the
    record linked to the account, or None."""
    if not user.is_authenticated:
        return None
    if not Membership.objects.filter(centre=centre, user=user, role=Role.VOLUNTEER).exists():
        return None
    found = (
        Volunteer.objects.filter(centre=centre, user=user)
        .exclude(status=Status.DECLINED)
        .select_related("home_district", "centre")
        .first()
    )
    if found is None:
        # the role was held before this intake (the grant made no new membership)
        with transaction.atomic():
            found = link_account(centre, user)
    return found


# -- what the volunteer keeps themselves ------------------------------------------------------


@transaction.atomic
def save_availability(
    volunteer: Volunteer, slots: list[Slot], exceptions: list[dict], absences: list[dict]
) -> None:
    """The weekly pattern, the exceptions and the absences as the volunteer's page sent
    them, all at once (rows not sent are removed). Overlapping weekly slots are refused."""
    check_weekly_slots(slots)
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    volunteer.slots.all().delete()
    AvailabilitySlot.objects.bulk_create(
        AvailabilitySlot(volunteer=volunteer, weekday=s.weekday, starts=s.starts, ends=s.ends)
        for s in slots
    )
    volunteer.exceptions.all().delete()
    AvailabilityException.objects.bulk_create(
        AvailabilityException(
            volunteer=volunteer,
            day=row["day"],
            starts=row["starts"],
            ends=row["ends"],
            available=row["available"],
        )
        for row in exceptions
    )
    volunteer.absences.all().delete()
    Absence.objects.bulk_create(
        Absence(volunteer=volunteer, first_day=row["first_day"], last_day=row["last_day"])
        for row in absences
    )


@transaction.atomic
def update_details(volunteer: Volunteer, data: dict) -> Volunteer:
    """What a volunteer changes about themselves: languages, places, settings, topics,
    phone, German, gender. Checked as an application is; nothing is half-saved."""
    _check_application(volunteer.centre, data)
    volunteer.phone = data.get("phone", "").strip()
    volunteer.german_level = data.get("german_level", "")
    volunteer.home_district = data.get("home_district")
    volunteer.settings_accepted = [s for s in Setting.values if s in data["settings_accepted"]]
    volunteer.gender = data.get("gender", "")
    volunteer.save()
    if "districts" in data:
        volunteer.districts.set(data["districts"])
    if "topics_declined" in data:
        volunteer.topics_declined.set(data["topics_declined"])
    _replace_languages(volunteer, data["languages"])
    return volunteer


@transaction.atomic
def set_languages(volunteer: Volunteer, languages: list[dict]) -> bool:
    """The coordinator's change of a volunteer's languages (`language`, `dialect`, `level`
    each), checked as the application's are, all or nothing. Returns whether anything
    changed."""
    if errors := language_errors(languages):
        raise ValidationError({"languages": errors})
    # the volunteer's row first: their own details page replaces the same rows
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).exists()
    before = set(
        VolunteerLanguage.objects.filter(volunteer=volunteer).values_list(
            "language", "dialect", "level"
        )
    )
    after = {(e["language"], e.get("dialect", ""), e["level"]) for e in languages}
    if before == after:
        return False
    _replace_languages(volunteer, languages)
    return True


def _replace_languages(volunteer: Volunteer, languages: list[dict]) -> None:
    volunteer.languages.all().delete()
    VolunteerLanguage.objects.bulk_create(
        VolunteerLanguage(
            volunteer=volunteer,
            language=entry["language"],
            dialect=entry.get("dialect", ""),
            level=entry["level"],
        )
        for entry in languages
    )


# -- requirements ---------------------------------------------------------------------------


def requirement_notes(volunteer: Volunteer, today: datetime.date | None = None) -> dict:
    """What lapses or is missing: `missing` (not offered now), `renew_by` when the police
    certificate falls due within RENEWAL_WARNING_DAYS."""
    today = today or timezone.localdate()
    renew_by = volunteer.police_certificate_renew_by
    due_soon = bool(
        renew_by and today < renew_by <= today + datetime.timedelta(days=RENEWAL_WARNING_DAYS)
    )
    return {
        "missing": volunteer.missing_requirements(today),
        "renew_by": renew_by if due_soon else None,
    }


# -- the volunteer's copy of their data -----------------------------------------------------


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _moment(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def export(volunteer: Volunteer) -> dict:
    """Everything the pool keeps about the volunteer, as plain JSON-ready values (Art. 15
    and 20 GDPR): the record, languages, availability, assignments with hours and
    allowances. Staff notes are part of it: they are about the volunteer too."""
    record = {
        "name": volunteer.name,
        "email": volunteer.email,
        "phone": volunteer.phone,
        "status": volunteer.status,
        "home_district": volunteer.home_district.name if volunteer.home_district else None,
        "districts": sorted(d.name for d in volunteer.districts.all()),
        "settings_accepted": list(volunteer.settings_accepted),
        "gender": volunteer.gender or None,
        "german_level": volunteer.german_level or None,
        "topics_declined": sorted(t.name for t in volunteer.topics_declined.all()),
        "max_hours_per_month": volunteer.max_hours_per_month,
        "motivation": volunteer.motivation,
        "coordinator_notes": volunteer.notes,
        "requirements": {
            "confidentiality_signed_on": _date(volunteer.confidentiality_signed_on),
            "training_completed_on": _date(volunteer.training_completed_on),
            "police_certificate_inspected_on": _date(volunteer.police_certificate_inspected_on),
            "police_certificate_renew_by": _date(volunteer.police_certificate_renew_by),
        },
        "applied_at": _moment(volunteer.applied_at),
        "intake_at": _moment(volunteer.intake_at),
        "left_at": _moment(volunteer.left_at),
    }
    assignments = []
    for assignment in (
        Assignment.objects.filter(volunteer=volunteer)
        .select_related("request", "request__institution__organisation")
        .order_by("starts_at", "pk")
    ):
        request = assignment.request
        assignments.append(
            {
                "starts_at": _moment(assignment.starts_at),
                "ends_at": _moment(assignment.ends_at),
                "status": assignment.status,
                "language": request.language,
                "dialect": request.dialect or None,
                "setting": request.setting,
                "institution": request.institution.organisation.name
                if not request.anonymised
                else None,
                "actual_start": _moment(assignment.actual_start),
                "actual_end": _moment(assignment.actual_end),
                "minutes": assignment.minutes,
                "allowance": str(assignment.allowance)
                if assignment.allowance is not None
                else None,
                "payout_month": _date(assignment.payout_month),
            }
        )
    return {
        "exported_at": timezone.localtime().isoformat(),
        "centre": volunteer.centre.name,
        "volunteer": record,
        "languages": [
            {"language": entry.language, "dialect": entry.dialect or None, "level": entry.level}
            for entry in volunteer.languages.all()
        ],
        "weekly_availability": [
            {"weekday": slot.weekday, "from": f"{slot.starts:%H:%M}", "until": f"{slot.ends:%H:%M}"}
            for slot in volunteer.slots.all()
        ],
        "exceptions": [
            {
                "date": entry.day.isoformat(),
                "from": f"{entry.starts:%H:%M}",
                "until": f"{entry.ends:%H:%M}",
                "available": entry.available,
            }
            for entry in volunteer.exceptions.all()
        ],
        "absences": [
            {"from": absence.first_day.isoformat(), "until": absence.last_day.isoformat()}
            for absence in volunteer.absences.all()
        ],
        "assignments": assignments,
    }


def districts_of(centre: Centre):
    """The places a volunteer chooses from: the centre's districts, by name."""
    return District.objects.filter(centre=centre).order_by("name")


def topics_of(centre: Centre):
    """The topics a volunteer may decline: those the pool takes (excluded ones never come)."""
    return Topic.objects.filter(centre=centre, excluded=False)
