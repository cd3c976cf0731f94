"""Who fits a request, in what order, and why (decision 0031).

`rank(request)` lists the candidates — the volunteers who meet every hard condition — by a
score out of 100 made of parts the coordinator sees, each with its reason in words; and the
near misses, who fail one or two hard conditions, with what each lacks.
`suggest_all(centre)` pairs the open requests with volunteers at the least total cost (an
optimal linear assignment, SciPy), for the coordinator to review before offering.

Hard conditions (a volunteer who speaks the request's language at all is considered; the
others are not near misses):

1. active (not paused);
2. every requirement in place on the day (`Volunteer.missing_requirements`);
3. the variety: a request without one takes any; a request with one needs it;
4. free (`availability`: weekly hours, exceptions, absences, other appointments with the
   travel time when either is on site);
5. the setting (on site, phone, video) accepted;
6. on site: the request's district among the districts they reach, if they listed any;
7. the gender the institution asked for;
8. the topic not among those they decline;
9. not offered this request already (an open, accepted or declined offer);
10. their hours a month not exceeded by this appointment.

Soft score, out of 100 (`WEIGHTS`):

- distance (30): full at their home district's centre, nothing from `FAR_KM` on (the
  straight line between the districts' centre points); half when a district is unknown;
  full for phone and video (nobody travels);
- hours this year (20): full with none, nothing from `FULL_YEAR_HOURS` on;
- waiting (10): full when their last appointment is `WAIT_DAYS` or more ago, or none;
- language (20): the level in the language (the asked variety's, if any), 5 points a step;
- allowance ceiling (20): the share of the tax-free ceiling still free after this
  appointment's allowance; flagged from the pool's warning share on, and when it would go
  over.

Everything is read in ten queries for a ranking whatever the number of volunteers (the
speakers with their languages and the flags the requests need; their appointments summed per
year and month by the database; their calendars in four) and computed on NumPy arrays, the
calendar test included (`availability.Calendars`); Python goes volunteer by volunteer only
for the candidates and near misses shown. Decision 0031, "Speed".
"""

import datetime
import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import (
    BooleanField,
    Case,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, TruncDate
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mia.core.models import Centre
from mia.counselling.models import District
from mia.counselling.places import distance_km

from .availability import Busy, Calendars, Clash, calendar_rows, ids_subquery, local_span
from .languages import language_name, spoken
from .models import (
    Assignment,
    Level,
    Offer,
    PoolSettings,
    Request,
    Setting,
    Topic,
    Volunteer,
    VolunteerLanguage,
)

WEIGHTS = {"distance": 30, "hours": 20, "waiting": 10, "language": 20, "ceiling": 20}
FAR_KM = 20.0
FULL_YEAR_HOURS = 40.0
WAIT_DAYS = 60
# a volunteer who fails more hard conditions than this is no near miss
NEAR_MISS_MAX = 2
NEAR_MISS_LIMIT = 20
# suggest_all: the best feasible volunteers kept per request
SUGGEST_CANDIDATES = 50

CONSIDERED = (Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED)
# what the pool reads of each volunteer (`_Pool.rows`, in this order)
VOLUNTEER_FIELDS = [
    "pk",
    "name",
    "status",
    "gender",
    "settings_text",  # settings_accepted as JSON text
    "home_district_id",
    "max_hours_per_month",
    "confidentiality_signed_on",
    "training_completed_on",
    "police_certificate_inspected_on",
    "police_certificate_renew_by",
]
SETTING_BITS = {Setting.ON_SITE: 1, Setting.PHONE: 2, Setting.VIDEO: 4}
FAR_FUTURE = datetime.date.max.toordinal()
FAR_PAST = datetime.date.min.toordinal()


@dataclass
class Part:
    key: str
    label: str
    points: float
    weight: int
    reason: str


@dataclass
class Candidate:
    volunteer: Volunteer
    score: float
    parts: list[Part]
    flags: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return [part.reason for part in self.parts]


@dataclass
class NearMiss:
    volunteer: Volunteer
    lacks: list[str]
    score: float


@dataclass
class Ranking:
    request: Request
    candidates: list[Candidate]
    near_misses: list[NearMiss]
    speakers: int  # volunteers (active or paused) who speak the language at all


@dataclass
class Suggestion:
    request: Request
    volunteer: Volunteer | None
    score: float | None
    near_misses: list[NearMiss] = field(default_factory=list)


# --- the volunteers as arrays -----------------------------------------------------------


def _ordinal(day: datetime.date | None, missing: int) -> int:
    return day.toordinal() if day else missing


@functools.lru_cache(maxsize=256)  # a few combinations, thousands of volunteers
def _setting_bits(text: str | None) -> int:
    """The settings accepted as bits, from the JSON text of their list: the values are
    Setting's, quoted, and none is part of another, so finding the quoted value is exact."""
    return sum(bit for value, bit in SETTING_BITS.items() if f'"{value}"' in (text or ""))


def _columns(rows: list[tuple], names: list[str]) -> dict[str, tuple]:
    """The rows of a query as one tuple per column, by name."""
    if not rows:
        return dict.fromkeys(names, ())
    return dict(zip(names, zip(*rows, strict=True), strict=True))


def _appointment_sums(
    ids: RawSQL, years: list[int], months: list[tuple[int, int]], first_day: datetime.date
) -> dict[str, tuple]:
    """Per volunteer of `ids` who has live appointments (by column): the minutes and
    allowances in each of `years`, the minutes in each of `months` (local time), and the day
    of the last appointment until today — summed by the database, not read one by one."""
    zone = timezone.get_current_timezone()
    today = timezone.localdate()

    def midnight(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(0), zone)

    def starting(first: datetime.date, following: datetime.date) -> Q:
        return Q(starts_at__gte=midnight(first), starts_at__lt=midnight(following))

    # the hours worked when reported and confirmed, else the hours planned
    worked = Case(
        When(
            actual_start__isnull=False,
            actual_end__isnull=False,
            then=F("actual_end") - F("actual_start"),
        ),
        default=F("ends_at") - F("starts_at"),
        output_field=DurationField(),
    )
    figures = {}
    for year in years:
        period = starting(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
        figures[f"minutes_{year}"] = Sum(worked, filter=period)
        figures[f"allowance_{year}"] = Cast(Sum("allowance", filter=period), FloatField())
    for year, month in months:
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        figures[f"minutes_{year}_{month}"] = Sum(
            worked, filter=starting(datetime.date(year, month, 1), following)
        )
    tomorrow = today + datetime.timedelta(days=1)
    figures["last"] = Max(TruncDate("starts_at"), filter=Q(starts_at__lt=midnight(tomorrow)))
    # the waiting time looks back WAIT_DAYS, or to New Year for the year's figures
    since = min(datetime.date(first_day.year, 1, 1), today - datetime.timedelta(days=WAIT_DAYS))
    rows = (
        Assignment.objects.filter(
            volunteer__in=ids, status__in=Assignment.LIVE, starts_at__gte=midnight(since)
        )
        .order_by()
        .values("volunteer_id")
        .annotate(**figures)
        .values_list("volunteer_id", *figures)
    )
    return _columns(list(rows), ["volunteer_id", *figures])


def _number(value: float | None) -> float:
    return value or 0.0


def _minutes(duration: datetime.timedelta | None) -> float:
    return duration.total_seconds() / 60 if duration else 0.0


def _span(request: Request) -> tuple[datetime.date, float, float] | None:
    """The request's `local_span`, worked out once per request and time (suggest_all asks
    for it again and again)."""
    key = (request.starts_at, request.minutes)
    cached = getattr(request, "_span_cache", None)
    if cached is None or cached[0] != key:
        cached = request._span_cache = (key, local_span(request.starts_at, request.ends_at))
    return cached[1]


class _Pool:
    """The volunteers of a centre who speak the language of one of `requests` (active or
    paused) as NumPy arrays, one entry each: what the hard conditions and the score of those
    requests need of them — their languages, the requests' districts they reach and topics
    they decline, their appointments of the year, and their calendars on the requests'
    days."""

    def __init__(self, centre: Centre, requests: list[Request], travel_minutes: int):
        languages = {request.language for request in requests}
        days = [timezone.localdate(request.starts_at) for request in requests]
        self._districts(centre)
        self._volunteers(
            centre,
            languages=languages,
            varieties={(r.language, r.dialect) for r in requests if r.dialect},
            districts={
                request.district_id
                for request in requests
                if request.setting == Setting.ON_SITE and request.district_id in self.district_index
            },
            topics={request.topic_id for request in requests},
        )
        ids = ids_subquery(self.ids.tolist())
        first_day, last_day = min(days), max(days)
        self._appointment_figures(ids, {(day.year, day.month) for day in days}, first_day)
        self.calendars = Calendars(
            self.ids,
            calendar_rows(self.ids.tolist(), first_day, last_day, margin_minutes=travel_minutes),
        )

    def _districts(self, centre: Centre) -> None:
        """The centre's districts: an index each, and the distances between them."""
        districts = list(
            District.objects.filter(centre=centre).values_list(
                "pk", "name", "latitude", "longitude"
            )
        )
        self.district_index = {pk: i for i, (pk, *_rest) in enumerate(districts)}
        self.district_names = {pk: name for pk, name, *_rest in districts}
        d = len(districts)
        self.distances = np.full((d + 1, d + 1), np.nan)  # the last row: unknown
        for i, (_pk, _name, lat1, lon1) in enumerate(districts):
            for j, (_pk2, _name2, lat2, lon2) in enumerate(districts):
                if None not in (lat1, lon1, lat2, lon2):
                    self.distances[i, j] = distance_km(lat1, lon1, lat2, lon2)

    def _volunteers(
        self,
        centre: Centre,
        *,
        languages: set[str],
        varieties: set[tuple[str, str]],
        districts: set[int],
        topics: set[int],
    ) -> None:
        """The volunteers who speak one of `languages` (one entry each in the arrays), with
        their best level in each and in each of `varieties`, and whether they list any of
        the centre's districts, reach each of `districts` and decline each of `topics`.
        One query, a row per language a volunteer speaks, their columns repeated."""
        flags = self._flags(districts, topics)
        fields = {
            name: name if name == "settings_text" else f"volunteer__{name}"
            for name in VOLUNTEER_FIELDS
        }
        fields["pk"] = "volunteer_id"
        rows = list(
            VolunteerLanguage.objects.filter(
                volunteer__centre=centre,
                volunteer__status__in=CONSIDERED,
                language__in=languages,
            )
            .annotate(
                # as JSON text: decoding 2,500 lists costs more than the rest of the row
                settings_text=Cast("volunteer__settings_accepted", TextField()),
                **flags,
            )
            .order_by("volunteer_id")
            .values_list(*fields.values(), *flags, "language", "dialect", "level")
        )
        columns = _columns(rows, [*VOLUNTEER_FIELDS, *flags, "language", "dialect", "level"])
        # a volunteer's first row for their own columns; all rows for the levels
        self.ids, first, position = np.unique(
            np.array(columns["pk"], dtype=np.int64), return_index=True, return_inverse=True
        )
        take = first.tolist()
        own = {name: [columns[name][k] for k in take] for name in [*VOLUNTEER_FIELDS, *flags]}
        self.n = len(self.ids)
        self.index = {pk: i for i, pk in enumerate(own["pk"])}
        self.rows = list(zip(*(own[name] for name in VOLUNTEER_FIELDS), strict=True))
        self.active = np.array(own["status"], dtype=object) == Volunteer.Status.ACTIVE
        self.gender = np.array([gender or "" for gender in own["gender"]], dtype=object)
        self.settings = np.array(
            [_setting_bits(text) for text in own["settings_text"]], dtype=np.int64
        )
        unknown = len(self.district_index)
        self.home = np.array(
            [self.district_index.get(pk, unknown) for pk in own["home_district_id"]],
            dtype=np.int64,
        )
        self.max_minutes = np.array(
            [np.inf if hours is None else hours * 60 for hours in own["max_hours_per_month"]],
            dtype=float,
        )
        self.signed, self.trained, self.inspected, self.renew_by = (
            np.array([day.toordinal() if day else missing for day in own[name]], np.int64)
            for name, missing in (
                ("confidentiality_signed_on", FAR_FUTURE),
                ("training_completed_on", FAR_FUTURE),
                ("police_certificate_inspected_on", FAR_FUTURE),
                ("police_certificate_renew_by", FAR_PAST),
            )
        )
        self.reach_listed = np.array(own["listed"], dtype=bool)
        self.reaches = {pk: np.array(own[f"reaches_{pk}"], dtype=bool) for pk in districts}
        self.declined_topics = {pk: np.array(own[f"declines_{pk}"], dtype=bool) for pk in topics}
        self._levels(
            position,
            np.array(columns["language"], dtype=object),
            np.array(columns["dialect"], dtype=object),
            np.array(columns["level"], dtype=np.int64),
            varieties,
        )

    def _levels(
        self,
        position: np.ndarray,
        codes: np.ndarray,
        dialects: np.ndarray,
        levels: np.ndarray,
        varieties: set[tuple[str, str]],
    ) -> None:
        """The best level of each volunteer in each language and in each of `varieties`
        (the language rows: the volunteer's position, language, variety, level); a
        language or variety nobody speaks has no entry."""

        def best(rows: np.ndarray) -> np.ndarray:
            found = np.zeros(self.n, dtype=np.int64)
            np.maximum.at(found, position[rows], levels[rows])
            return found

        self.levels = {code: best(codes == code) for code in set(codes.tolist())}
        self.dialect_levels = {}
        for code, dialect in varieties:
            rows = (codes == code) & (dialects == dialect)
            if rows.any():
                self.dialect_levels[(code, dialect)] = best(rows)

    def _flags(self, districts: set[int], topics: set[int]) -> dict[str, ExpressionWrapper]:
        """Whether a volunteer lists any of the centre's districts, reaches each of
        `districts` and declines each of `topics`, as columns."""
        reach = Volunteer.districts.through.objects
        declined = Volunteer.topics_declined.through.objects

        def among(rows: QuerySet) -> ExpressionWrapper:
            # `id IN (subquery)`, not EXISTS: PostgreSQL hashes the subquery once either
            # way, but plans a correlated EXISTS as if it ran per row, and a plan that dear
            # is compiled first (JIT: seconds)
            return ExpressionWrapper(
                Q(volunteer_id__in=rows.values("volunteer_id")), output_field=BooleanField()
            )

        return {
            # (no district: an empty IN list, which Django refuses to compile)
            "listed": (
                among(reach.filter(district__in=list(self.district_index)))
                if self.district_index
                else Value(False, output_field=BooleanField())
            ),
            **{f"reaches_{pk}": among(reach.filter(district=pk)) for pk in sorted(districts)},
            **{f"declines_{pk}": among(declined.filter(topic=pk)) for pk in sorted(topics)},
        }

    def _positions(self, pks) -> tuple[np.ndarray, np.ndarray]:
        """The positions of the volunteers `pks` in the arrays, and which are in the pool."""
        positions = np.array([self.index.get(pk, -1) for pk in pks], dtype=np.int64)
        return positions, positions >= 0

    def _appointment_figures(
        self, ids: RawSQL, months: set[tuple[int, int]], first_day: datetime.date
    ) -> None:
        """Per volunteer the minutes and allowances of their live appointments in each year
        and month of `months`, and the day of their last appointment until today."""
        years = sorted({year for year, _month in months})
        columns = _appointment_sums(ids, years, sorted(months), first_day)
        positions, known = self._positions(columns["volunteer_id"])

        def spread(name: str, convert, missing, dtype) -> np.ndarray:
            found = np.full(self.n, missing, dtype=dtype)
            found[positions[known]] = np.array([convert(v) for v in columns[name]], dtype)[known]
            return found

        self.year_minutes = {year: spread(f"minutes_{year}", _minutes, 0, float) for year in years}
        self.year_allowance = {
            year: spread(f"allowance_{year}", _number, 0, float) for year in years
        }
        self.month_minutes = {
            (year, month): spread(f"minutes_{year}_{month}", _minutes, 0, float)
            for year, month in months
        }
        self.last = spread("last", lambda day: _ordinal(day, FAR_PAST), FAR_PAST, np.int64)

    def subset(self, indexes: np.ndarray) -> "_Pool":
        """The same pool narrowed to `indexes` (e.g. one language's speakers), sharing the
        calendars: suggest_all works on each language's speakers only."""
        part = object.__new__(_Pool)
        part.__dict__.update(self.__dict__)
        part.n = len(indexes)
        part.rows = [self.rows[i] for i in indexes.tolist()]
        part.ids = self.ids[indexes]
        part.index = {pk: k for k, pk in enumerate(part.ids.tolist())}
        for name in (
            "active",
            "gender",
            "settings",
            "home",
            "max_minutes",
            "signed",
            "trained",
            "inspected",
            "renew_by",
            "reach_listed",
            "last",
        ):
            setattr(part, name, getattr(self, name)[indexes])
        for name in (
            "levels",
            "dialect_levels",
            "reaches",
            "declined_topics",
            "year_minutes",
            "year_allowance",
            "month_minutes",
        ):
            setattr(
                part, name, {key: values[indexes] for key, values in getattr(self, name).items()}
            )
        part.calendars = self.calendars.subset(indexes)
        return part

    def free(self, request: Request, travel: int) -> np.ndarray:
        """Where the calendar holds the appointment (hard condition 4)."""
        return self.calendars.free(
            _span(request),
            request.starts_at,
            request.ends_at,
            on_site=request.setting == Setting.ON_SITE,
            travel_minutes=travel,
        )

    # -- one request ---------------------------------------------------------------------

    def speakers(self, request: Request) -> np.ndarray:
        return self.levels.get(request.language, np.zeros(self.n, dtype=np.int64)) > 0

    def failures(self, request: Request, offered: dict[int, str]) -> dict[str, np.ndarray]:
        """Each hard condition but the calendar: where it fails (True)."""
        n = self.n
        local = timezone.localtime(request.starts_at)
        day = local.date().toordinal()
        failed = {
            "inactive": ~self.active,
            "requirements": ~(
                (self.signed <= day)
                & (self.trained <= day)
                & (self.inspected <= day)
                & (self.renew_by > day)
            ),
        }
        if request.dialect:
            exact = self.dialect_levels.get((request.language, request.dialect))
            failed["dialect"] = exact == 0 if exact is not None else np.ones(n, dtype=bool)
        failed["setting"] = (self.settings & SETTING_BITS.get(request.setting, 0)) == 0
        if request.setting == Setting.ON_SITE and request.district_id in self.district_index:
            failed["district"] = self.reach_listed & ~self.reaches[request.district_id]
        if request.gender_wish:
            failed["gender"] = self.gender != request.gender_wish
        if request.topic_id in self.declined_topics:
            failed["topic"] = self.declined_topics[request.topic_id]
        if offered:
            mask = np.zeros(n, dtype=bool)
            for pk in offered:
                if (i := self.index.get(pk)) is not None:
                    mask[i] = True
            failed["offered"] = mask
        month = self.month_minutes.get((local.year, local.month))
        taken = month if month is not None else np.zeros(n)
        failed["hours"] = taken + request.minutes > self.max_minutes
        return failed

    def scores(self, request: Request, settings: PoolSettings) -> dict[str, np.ndarray]:
        """Each soft part, in points."""
        n = self.n
        local = timezone.localtime(request.starts_at)
        if request.setting == Setting.ON_SITE:
            target = self.district_index.get(request.district_id, len(self.district_index))
            km = self.distances[self.home, target]
            distance = np.where(
                np.isnan(km),
                WEIGHTS["distance"] / 2,
                WEIGHTS["distance"] * np.clip(1 - np.nan_to_num(km) / FAR_KM, 0, 1),
            )
        else:
            distance = np.full(n, float(WEIGHTS["distance"]))
        year = self.year_minutes.get(local.year)
        hours = (year if year is not None else np.zeros(n)) / 60
        today = timezone.localdate().toordinal()
        waited = np.where(self.last == FAR_PAST, WAIT_DAYS, today - self.last)
        level = self._level(request)
        used = self.year_allowance.get(local.year)
        used = used if used is not None else np.zeros(n)
        ceiling = float(settings.allowance_ceiling) or 1.0
        expected = float(settings.allowance(request.minutes))
        return {
            "distance": distance,
            "hours": WEIGHTS["hours"] * np.clip(1 - hours / FULL_YEAR_HOURS, 0, 1),
            "waiting": WEIGHTS["waiting"] * np.clip(waited / WAIT_DAYS, 0, 1),
            "language": WEIGHTS["language"] * level / max(Level.values),
            "ceiling": WEIGHTS["ceiling"] * np.clip((ceiling - used - expected) / ceiling, 0, 1),
        }

    def _level(self, request: Request) -> np.ndarray:
        if request.dialect:
            exact = self.dialect_levels.get((request.language, request.dialect))
            if exact is not None:
                return exact
        return self.levels.get(request.language, np.zeros(self.n, dtype=np.int64))

    # -- words ---------------------------------------------------------------------------

    def part_reasons(
        self, i: int, request: Request, parts: dict[str, float], settings: PoolSettings
    ) -> tuple[list[Part], list[str]]:
        local = timezone.localtime(request.starts_at)
        labels = {
            "distance": _("Distance"),
            "hours": _("Hours this year"),
            "waiting": _("Since the last appointment"),
            "language": _("Language"),
            "ceiling": _("Allowance ceiling"),
        }
        reasons: dict[str, str] = {}
        if request.setting != Setting.ON_SITE:
            reasons["distance"] = _("nobody travels (%(setting)s)") % {
                "setting": Setting(request.setting).label
            }
        else:
            home_pk = self.rows[i][5]
            km = (
                self.distances[self.home[i], self.district_index[request.district_id]]
                if request.district_id in self.district_index
                else math.nan
            )
            if math.isnan(km):
                reasons["distance"] = _("distance unknown (a district is missing)")
            else:
                reasons["distance"] = _("lives in %(district)s, %(km)s km away") % {
                    "district": self.district_names.get(home_pk, "?"),
                    "km": formats.number_format(round(km, 1), 1),
                }
        year = self.year_minutes.get(local.year)
        minutes = float(year[i]) if year is not None else 0.0
        reasons["hours"] = (
            _("%(hours)s hours of appointments this year")
            % {"hours": formats.number_format(round(minutes / 60, 1), 1)}
            if minutes
            else _("no appointment yet this year")
        )
        if self.last[i] == FAR_PAST:
            reasons["waiting"] = _("no appointment in the last %(days)d days") % {"days": WAIT_DAYS}
        else:
            days = timezone.localdate().toordinal() - int(self.last[i])
            reasons["waiting"] = ngettext(
                "last appointment %(days)d day ago", "last appointment %(days)d days ago", days
            ) % {"days": days}
        level = int(self._level(request)[i])
        language = spoken(request.language, request.dialect)
        reasons["language"] = f"{language}: {Level(level).label}" if level else language
        used = self.year_allowance.get(local.year)
        spent = Decimal(str(round(float(used[i]) if used is not None else 0.0, 2)))
        expected = settings.allowance(request.minutes)
        ceiling = settings.allowance_ceiling
        reasons["ceiling"] = _("€%(used)s of €%(ceiling)s used this year") % {
            "used": formats.number_format(spent, 2),
            "ceiling": formats.number_format(ceiling, 2),
        }
        flags = []
        if spent + expected > ceiling:
            flags.append(_("this appointment would go over the tax-free allowance"))
        elif spent + expected >= ceiling * settings.ceiling_warning_share / 100:
            flags.append(_("near the tax-free allowance for the year"))
        return [
            Part(key, labels[key], round(parts[key], 1), WEIGHTS[key], reasons[key])
            for key in WEIGHTS
        ], flags

    def lack(self, code: str, i: int, request: Request, offered: dict[int, str]) -> str:
        row = self.rows[i]
        local = timezone.localtime(request.starts_at)
        if code == "inactive":
            return _("paused")
        if code == "requirements":
            day = local.date()
            signed, trained, inspected, renew = row[7:11]
            missing = []
            if not signed or signed > day:
                missing.append(_("confidentiality declaration missing"))
            if not trained or trained > day:
                missing.append(_("training not completed"))
            if not inspected or inspected > day:
                missing.append(_("police certificate not inspected"))
            elif not renew or renew <= day:
                missing.append(_("police certificate due"))
            return ", ".join(missing)
        if code == "dialect":
            return _("speaks %(language)s but not %(variety)s") % {
                "language": language_name(request.language),
                "variety": language_name(request.dialect),
            }
        if code == "setting":
            return {
                Setting.ON_SITE: _("does not take appointments on site"),
                Setting.PHONE: _("does not take phone appointments"),
                Setting.VIDEO: _("does not take video appointments"),
            }[request.setting]
        if code == "district":
            return _("does not go to %(district)s") % {
                "district": self.district_names.get(request.district_id, "?")
            }
        if code == "gender":
            return (
                _("the institution asked for a woman")
                if request.gender_wish == Request.GenderWish.FEMALE
                else _("the institution asked for a man")
            )
        if code == "topic":
            return _("does not take the topic %(topic)s") % {"topic": request.topic}
        if code == "offered":
            status = offered.get(row[0])
            return (
                _("declined this request")
                if status == Offer.Status.DECLINED
                else _("already offered this request")
            )
        if code == "hours":
            month = self.month_minutes.get((local.year, local.month))
            taken = float(month[i]) / 60 if month is not None else 0.0
            return _("at most %(max)d hours a month, %(taken)s taken") % {
                "max": row[6],
                "taken": formats.number_format(round(taken, 1), 1),
            }
        raise ValueError(code)

    def clash_words(self, clash, request: Request) -> str:
        if clash.busy == Busy.ABSENT:
            return _("away on %(day)s") % {
                "day": formats.date_format(
                    timezone.localdate(request.starts_at), "SHORT_DATE_FORMAT"
                )
            }
        if clash.busy == Busy.APPOINTMENT:
            return _("busy at %(time)s (another appointment)") % {
                "time": formats.time_format(timezone.localtime(clash.other_starts), "H:i")
            }
        return _("not available at %(time)s (weekly hours)") % {
            "time": formats.time_format(timezone.localtime(request.starts_at), "H:i")
        }

    def clash(self, i: int, request: Request, travel: int) -> Clash | None:
        """What is in the way of the appointment for volunteer `i` (None: free)."""
        return self.calendars.calendar(int(self.ids[i])).check_span(
            _span(request),
            request.starts_at,
            request.ends_at,
            on_site=request.setting == Setting.ON_SITE,
            travel_minutes=travel,
        )

    def words(self, i, codes, clash, request, offered) -> list[str]:
        lacks = [self.lack(code, i, request, offered) for code in codes]
        if clash is not None:
            lacks.append(self.clash_words(clash, request))
        return lacks


def _offered(requests: list[Request] | QuerySet) -> dict[int, dict[int, str]]:
    """request id → {volunteer id: the offer's status}, for the offers that rule one out
    (`requests`: a list, or a queryset of their ids)."""
    found: dict[int, dict[int, str]] = defaultdict(dict)
    if isinstance(requests, list):
        requests = [request.pk for request in requests]
    for request_id, volunteer_id, status in Offer.objects.filter(
        request__in=requests,
        status__in=(Offer.Status.OPEN, Offer.Status.ACCEPTED, Offer.Status.DECLINED),
    ).values_list("request_id", "volunteer_id", "status"):
        found[request_id][volunteer_id] = status
    return found


def _failure_count(
    pool: _Pool, request: Request, failed: dict[str, np.ndarray], travel: int
) -> np.ndarray:
    """How many hard conditions each volunteer fails, the calendar's included."""
    count = (~pool.free(request, travel)).astype(np.int64)
    for mask in failed.values():
        count += mask
    return count


def _request_with_topic(request: Request) -> Request:
    if "topic" not in request._state.fields_cache:
        request.topic = Topic.objects.get(pk=request.topic_id)
    return request


def rank(request: Request, *, limit: int = 20) -> Ranking:
    """The volunteers who fit `request`, best first (at most `limit`), and the near misses."""
    centre = request.centre
    settings = PoolSettings.for_centre(centre)
    request = _request_with_topic(request)
    pool = _Pool(centre, [request], settings.travel_minutes)
    offered = _offered([request]).get(request.pk, {})
    failed = pool.failures(request, offered)
    count = _failure_count(pool, request, failed, settings.travel_minutes)
    parts = pool.scores(request, settings)
    total = sum(parts.values())
    speakers = pool.speakers(request)
    names = [row[1] for row in pool.rows]
    # best first, ties by name: the score rounded (as shown) decides
    fits = _first(
        np.flatnonzero(speakers & (count == 0)),
        -total,
        lambda i: (-round(float(total[i]), 6), names[i], int(pool.ids[i])),
        limit,
        slack=1e-5,
    )
    # the fewest failures first, then the best score
    near = _first(
        np.flatnonzero(speakers & (count > 0) & (count <= NEAR_MISS_MAX)),
        count * 1000.0 - total,
        lambda i: (int(count[i]), -float(total[i]), names[i]),
        NEAR_MISS_LIMIT,
    )
    near = [(i, _lacks(pool, i, request, failed, offered, settings)) for i in near]
    people = Volunteer.objects.in_bulk(
        [int(pool.ids[i]) for i in fits] + [int(pool.ids[i]) for i, _lacks in near]
    )
    candidates = []
    for i in fits:
        explained, flags = pool.part_reasons(
            i, request, {key: float(values[i]) for key, values in parts.items()}, settings
        )
        candidates.append(
            Candidate(people[int(pool.ids[i])], round(float(total[i]), 1), explained, flags)
        )
    near_misses = [
        NearMiss(people[int(pool.ids[i])], lacks, round(float(total[i]), 1)) for i, lacks in near
    ]
    return Ranking(request, candidates, near_misses, int(speakers.sum()))


def _first(
    indexes: np.ndarray, bound: np.ndarray, key, limit: int, *, slack: float = 0.0
) -> list[int]:
    """The first `limit` of `indexes` in the order of `key`, sorted in Python only among
    those that can be (2,000 candidates sorted by a Python key cost more than all the
    arithmetic): when i comes before j, `bound[i] <= bound[j] + slack`."""
    if len(indexes) > limit:
        values = bound[indexes]
        cut = np.partition(values, limit - 1)[limit - 1]
        # at least `limit` have a bound up to `cut`: one beyond cut + slack comes later
        indexes = indexes[values <= cut + slack]
    return sorted(indexes.tolist(), key=key)[:limit]


def _lacks(
    pool: _Pool,
    i: int,
    request: Request,
    failed: dict[str, np.ndarray],
    offered: dict[int, str],
    settings: PoolSettings,
) -> list[str]:
    """What near miss `i` lacks, in words."""
    codes = [code for code, mask in failed.items() if mask[i]]
    return pool.words(i, codes, pool.clash(i, request, settings.travel_minutes), request, offered)


# --- all open requests at once ----------------------------------------------------------

UNFILLED = 1e9  # set per run: more than any assignment's total cost


def open_requests(centre: Centre) -> QuerySet:
    return Request.objects.filter(
        centre=centre, status=Request.Status.OPEN, starts_at__gt=timezone.now()
    )


def suggest_all(centre: Centre, *, per_request: int = SUGGEST_CANDIDATES) -> list[Suggestion]:
    """One volunteer for as many open requests as possible, then at the least total cost
    (100 − score per pair), each volunteer at most once per run: an optimal assignment over
    the feasible pairs (the best `per_request` candidates of each request). Requests left
    without a volunteer come with their near misses."""
    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    settings = PoolSettings.for_centre(centre)
    requests = list(open_requests(centre).select_related("topic").order_by("starts_at", "pk"))
    if not requests:
        return []
    pool = _Pool(centre, requests, settings.travel_minutes)
    offered = _offered(open_requests(centre).values("pk"))
    travel = settings.travel_minutes
    speakers = {
        language: pool.subset(np.flatnonzero(levels > 0))
        for language, levels in pool.levels.items()
    }
    # each request's feasible pairs: its best `per_request` by score
    pairs: list[tuple[int, int, float]] = []  # (request index, volunteer id, score)
    for r, request in enumerate(requests):
        group = speakers.get(request.language)
        if group is None or not group.n:
            continue
        ok = group.free(request, travel)
        for mask in group.failures(request, offered.get(request.pk, {})).values():
            ok &= ~mask
        indexes = np.flatnonzero(ok)
        total = sum(group.scores(request, settings).values())[indexes]
        for k in np.lexsort((indexes, -total))[:per_request].tolist():
            pairs.append((r, int(group.ids[indexes[k]]), float(total[k])))
    chosen: dict[int, tuple[int, float]] = {}
    if pairs:
        column = {pk: k for k, pk in enumerate(sorted({pk for _r, pk, _s in pairs}))}
        rows = np.array([r for r, _pk, _s in pairs])
        columns = np.array([column[pk] for _r, pk, _s in pairs])
        n_r, n_v = len(requests), len(column)
        graph = coo_matrix(
            (np.ones(len(pairs)), (rows, n_r + columns)), shape=(n_r + n_v, n_r + n_v)
        )
        _count, labels = connected_components(graph, directed=False)
        by_component: dict[int, list[int]] = defaultdict(list)
        for k, (r, _pk, _s) in enumerate(pairs):
            by_component[int(labels[r])].append(k)
        for members in by_component.values():
            chosen.update(_assign([pairs[k] for k in members], linear_sum_assignment))
    people = Volunteer.objects.in_bulk([pk for pk, _s in chosen.values()])
    suggestions = []
    for r, request in enumerate(requests):
        if r in chosen:
            pk, score = chosen[r]
            suggestions.append(Suggestion(request, people[pk], round(score, 1)))
        else:
            suggestions.append(Suggestion(request, None, None))
    _near_misses(speakers, [s for s in suggestions if s.volunteer is None], settings, offered)
    return suggestions


def _assign(pairs: list[tuple[int, int, float]], solve) -> dict[int, tuple[int, float]]:
    """The optimal assignment of one connected group of requests and volunteers: every
    request gets a column of its own for "nobody", dearer than all pairs together, so the
    most requests are filled first and then the scores decide."""
    requests = sorted({r for r, _i, _s in pairs})
    volunteers = sorted({i for _r, i, _s in pairs})
    row = {r: k for k, r in enumerate(requests)}
    column = {i: k for k, i in enumerate(volunteers)}
    m, n = len(requests), len(volunteers)
    unfilled = 100.0 * (m + 1)
    cost = np.full((m, n + m), np.inf)
    for r, i, score in pairs:
        cost[row[r], column[i]] = 100.0 - score
    cost[np.arange(m), n + np.arange(m)] = unfilled
    picked_rows, picked_columns = solve(cost)
    scores = {(r, i): s for r, i, s in pairs}
    found = {}
    for k, c in zip(picked_rows.tolist(), picked_columns.tolist(), strict=True):
        if c < n:
            r, i = requests[k], volunteers[c]
            found[r] = (i, scores[(r, i)])
    return found


def _near_misses(
    speakers: dict[str, _Pool],
    suggestions: list[Suggestion],
    settings: PoolSettings,
    offered: dict[int, dict[int, str]],
) -> None:
    """The near misses of the requests left without a volunteer: the volunteers with the
    fewest failed conditions first (one who fits was suggested for another request)."""
    travel = settings.travel_minutes
    wanted: dict[int, list[tuple[int, list[str], float]]] = {}
    for suggestion in suggestions:
        request = suggestion.request
        pool = speakers.get(request.language)
        if pool is None:
            wanted[request.pk] = []
            continue
        mine = offered.get(request.pk, {})
        failed = pool.failures(request, mine)
        total = sum(pool.scores(request, settings).values())
        count = np.zeros(pool.n, dtype=np.int64)
        for mask in failed.values():
            count += mask
        considered = np.flatnonzero(pool.speakers(request) & (count <= NEAR_MISS_MAX))
        order = considered[np.lexsort((-total[considered], count[considered]))]
        found = []
        for i in order.tolist():
            clash = pool.clash(i, request, travel)
            if int(count[i]) + (clash is not None) > NEAR_MISS_MAX:
                continue
            codes = [code for code, mask in failed.items() if mask[i]]
            lacks = pool.words(i, codes, clash, request, mine)
            found.append(
                (int(pool.ids[i]), lacks or [_("suggested for another request")], float(total[i]))
            )
            if len(found) == NEAR_MISS_LIMIT:
                break
        wanted[request.pk] = sorted(found, key=lambda item: (len(item[1]), -item[2]))
    people = Volunteer.objects.in_bulk([pk for items in wanted.values() for pk, _l, _s in items])
    for suggestion in suggestions:
        suggestion.near_misses = [
            NearMiss(people[pk], lacks, round(score, 1))
            for pk, lacks, score in wanted[suggestion.request.pk]
        ]
