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

Everything is read in a fixed number of queries (the volunteers who speak the language are
chosen in SQL) and computed with NumPy arrays and plain Python.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mia.core.models import Centre
from mia.counselling.models import District
from mia.counselling.places import distance_km

from .availability import Busy, Calendar, calendars, local_span
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


class _Pool:
    """The considered volunteers of a centre as NumPy arrays (one entry each), with their
    languages, districts, declined topics, this year's appointments and calendars."""

    def __init__(
        self,
        centre: Centre,
        volunteers: QuerySet,
        *,
        languages: set[str],
        first_day: datetime.date,
        last_day: datetime.date,
        travel_minutes: int,
    ):
        rows = list(
            volunteers.values_list(
                "pk",
                "name",
                "status",
                "gender",
                "settings_accepted",
                "home_district_id",
                "max_hours_per_month",
                "confidentiality_signed_on",
                "training_completed_on",
                "police_certificate_inspected_on",
                "police_certificate_renew_by",
            ).order_by("pk")
        )
        self.rows = rows
        self.ids = np.array([row[0] for row in rows], dtype=np.int64)
        self.index = {pk: i for i, pk in enumerate(self.ids.tolist())}
        n = len(rows)
        self.n = n
        self.active = np.array([row[2] == Volunteer.Status.ACTIVE for row in rows], dtype=bool)
        self.gender = np.array([row[3] or "" for row in rows], dtype=object)
        self.settings = np.array(
            [sum(SETTING_BITS.get(value, 0) for value in set(row[4] or ())) for row in rows],
            dtype=np.int64,
        )
        # the centre's districts: an index each, and their distances
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
        self.home = np.array([self.district_index.get(row[5], d) for row in rows], dtype=np.int64)
        self.max_minutes = np.array(
            [row[6] * 60 if row[6] is not None else np.inf for row in rows], dtype=float
        )
        self.signed = np.array([_ordinal(row[7], FAR_FUTURE) for row in rows], dtype=np.int64)
        self.trained = np.array([_ordinal(row[8], FAR_FUTURE) for row in rows], dtype=np.int64)
        self.inspected = np.array([_ordinal(row[9], FAR_FUTURE) for row in rows], dtype=np.int64)
        self.renew_by = np.array([_ordinal(row[10], FAR_PAST) for row in rows], dtype=np.int64)

        ids = volunteers.values("pk")
        # languages: the best level per language, and per variety
        self.levels: dict[str, np.ndarray] = {}
        self.dialect_levels: dict[tuple[str, str], np.ndarray] = {}
        for pk, language, dialect, level in VolunteerLanguage.objects.filter(
            volunteer__in=ids, language__in=languages
        ).values_list("volunteer_id", "language", "dialect", "level"):
            i = self.index.get(pk)
            if i is None:
                continue
            best = self.levels.setdefault(language, np.zeros(n, dtype=np.int64))
            best[i] = max(best[i], level)
            if dialect:
                exact = self.dialect_levels.setdefault(
                    (language, dialect), np.zeros(n, dtype=np.int64)
                )
                exact[i] = max(exact[i], level)
        # the districts they reach (none listed: all of them)
        self.reach = np.zeros((n, d + 1), dtype=bool)
        self.reach_listed = np.zeros(n, dtype=bool)
        for pk, district in Volunteer.districts.through.objects.filter(
            volunteer__in=ids
        ).values_list("volunteer_id", "district_id"):
            i = self.index.get(pk)
            if i is not None and district in self.district_index:
                self.reach[i, self.district_index[district]] = True
                self.reach_listed[i] = True
        self.declined_topics: dict[int, np.ndarray] = {}
        for pk, topic in Volunteer.topics_declined.through.objects.filter(
            volunteer__in=ids
        ).values_list("volunteer_id", "topic_id"):
            if (i := self.index.get(pk)) is not None:
                self.declined_topics.setdefault(topic, np.zeros(n, dtype=bool))[i] = True
        # this year's appointments (and the weeks before New Year for the waiting time)
        zone = timezone.get_current_timezone()
        today = timezone.localdate()
        since = min(datetime.date(first_day.year, 1, 1), today - datetime.timedelta(days=WAIT_DAYS))
        self.year_minutes: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(n))
        self.year_allowance: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(n))
        self.month_minutes: dict[tuple[int, int], np.ndarray] = defaultdict(lambda: np.zeros(n))
        last = np.full(n, FAR_PAST, dtype=np.int64)
        for pk, starts, ends, actual_start, actual_end, allowance in Assignment.objects.filter(
            volunteer__in=ids,
            status__in=Assignment.LIVE,
            starts_at__gte=datetime.datetime.combine(since, datetime.time(0), zone),
        ).values_list(
            "volunteer_id", "starts_at", "ends_at", "actual_start", "actual_end", "allowance"
        ):
            i = self.index.get(pk)
            if i is None:
                continue
            local = timezone.localtime(starts)
            if actual_start and actual_end:
                minutes = (actual_end - actual_start).total_seconds() / 60
            else:
                minutes = (ends - starts).total_seconds() / 60
            self.year_minutes[local.year][i] += minutes
            self.month_minutes[(local.year, local.month)][i] += minutes
            self.year_allowance[local.year][i] += float(allowance or 0)
            if local.date() <= today:
                last[i] = max(last[i], local.date().toordinal())
        self.last = last
        self.calendars: dict[int, Calendar] = calendars(
            volunteers.values("pk"), first_day, last_day, margin_minutes=travel_minutes
        )

        # the weekly windows (joined) as arrays, and the days with exceptions: a quick
        # first test before the exact one of the calendar
        owners, weekdays, starts, ends = [], [], [], []
        self.exception_days: dict[datetime.date, np.ndarray] = {}
        for pk, calendar in self.calendars.items():
            i = self.index.get(pk)
            if i is None:
                continue
            for weekday, windows in calendar.slots.items():
                joined: list[list[int]] = []
                for first, last in sorted(windows):
                    if joined and first <= joined[-1][1]:
                        joined[-1][1] = max(joined[-1][1], last)
                    else:
                        joined.append([first, last])
                for first, last in joined:
                    owners.append(i)
                    weekdays.append(weekday)
                    starts.append(first)
                    ends.append(last)
            for day in calendar.exceptions:
                self.exception_days.setdefault(day, np.zeros(n, dtype=bool))[i] = True
        self.slot_owner = np.array(owners, dtype=np.int64)
        self.slot_weekday = np.array(weekdays, dtype=np.int64)
        self.slot_start = np.array(starts, dtype=float)
        self.slot_end = np.array(ends, dtype=float)

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
            "reach",
            "reach_listed",
            "last",
        ):
            setattr(part, name, getattr(self, name)[indexes])
        for name in (
            "levels",
            "dialect_levels",
            "declined_topics",
            "year_minutes",
            "year_allowance",
            "month_minutes",
            "exception_days",
        ):
            setattr(
                part, name, {key: values[indexes] for key, values in getattr(self, name).items()}
            )
        renumber = np.full(self.n, -1, dtype=np.int64)
        renumber[indexes] = np.arange(len(indexes))
        kept = renumber[self.slot_owner] >= 0 if len(self.slot_owner) else np.zeros(0, dtype=bool)
        part.slot_owner = renumber[self.slot_owner[kept]]
        part.slot_weekday = self.slot_weekday[kept]
        part.slot_start = self.slot_start[kept]
        part.slot_end = self.slot_end[kept]
        return part

    def may_be_free(self, request: Request) -> np.ndarray:
        """False where the weekly hours cannot hold the appointment and no exception that
        day might add hours (True needs the calendar's exact test)."""
        span = local_span(request.starts_at, request.ends_at)
        if span is None:
            return np.zeros(self.n, dtype=bool)
        day, start, end = span
        fits = (
            (self.slot_weekday == day.weekday())
            & (self.slot_start <= start)
            & (self.slot_end >= end)
        )
        covered = np.bincount(self.slot_owner[fits], minlength=self.n) > 0
        exceptions = self.exception_days.get(day)
        return covered | exceptions if exceptions is not None else covered

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
            column = self.reach[:, self.district_index[request.district_id]]
            failed["district"] = self.reach_listed & ~column
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
            reasons["waiting"] = _("last appointment %(days)d days ago") % {
                "days": timezone.localdate().toordinal() - int(self.last[i])
            }
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

    def clash(self, i: int, request: Request, travel: int):
        calendar = self.calendars.get(int(self.ids[i])) or Calendar()
        span = getattr(request, "_local_span", None)
        if span is None:
            span = request._local_span = (local_span(request.starts_at, request.ends_at),)
        return calendar.check_span(
            span[0],
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


def _evaluate(pool: _Pool, request: Request, settings: PoolSettings, offered: dict[int, str]):
    """(candidate indexes, near misses as (index, failed codes, clash), total scores, parts)."""
    speakers = pool.speakers(request)
    failed = pool.failures(request, offered)
    parts = pool.scores(request, settings)
    total = sum(parts.values())
    count = np.zeros(pool.n, dtype=np.int64)
    for mask in failed.values():
        count += mask
    considered = np.flatnonzero(speakers & (count <= NEAR_MISS_MAX))
    travel = settings.travel_minutes
    fits, near = [], []
    for i in considered.tolist():
        clash = pool.clash(i, request, travel)
        failures = int(count[i]) + (clash is not None)
        if failures == 0:
            fits.append(i)
        elif failures <= NEAR_MISS_MAX:
            codes = [code for code, mask in failed.items() if mask[i]]
            near.append((i, codes, clash))
    return fits, near, total, parts


def _volunteers_speaking(centre: Centre, languages: set[str]) -> QuerySet:
    return Volunteer.objects.filter(centre=centre, status__in=CONSIDERED).filter(
        Exists(VolunteerLanguage.objects.filter(volunteer=OuterRef("pk"), language__in=languages))
    )


def _request_with_topic(request: Request) -> Request:
    if "topic" not in request._state.fields_cache:
        request.topic = Topic.objects.get(pk=request.topic_id)
    return request


def rank(request: Request, *, limit: int = 20) -> Ranking:
    """The volunteers who fit `request`, best first (at most `limit`), and the near misses."""
    centre = request.centre
    settings = PoolSettings.for_centre(centre)
    request = _request_with_topic(request)
    day = timezone.localdate(request.starts_at)
    pool = _Pool(
        centre,
        _volunteers_speaking(centre, {request.language}),
        languages={request.language},
        first_day=day,
        last_day=day,
        travel_minutes=settings.travel_minutes,
    )
    offered = _offered([request]).get(request.pk, {})
    fits, near, total, parts = _evaluate(pool, request, settings, offered)
    names = [row[1] for row in pool.rows]
    fits.sort(key=lambda i: (-round(float(total[i]), 6), names[i], int(pool.ids[i])))
    fits = fits[:limit]
    near.sort(
        key=lambda item: (
            len(item[1]) + (item[2] is not None),
            -float(total[item[0]]),
            names[item[0]],
        )
    )
    near = [
        (i, pool.words(i, codes, clash, request, offered))
        for i, codes, clash in near[:NEAR_MISS_LIMIT]
    ]
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
    return Ranking(request, candidates, near_misses, int(pool.speakers(request).sum()))


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
    languages = {request.language for request in requests}
    days = [timezone.localdate(request.starts_at) for request in requests]
    pool = _Pool(
        centre,
        _volunteers_speaking(centre, languages),
        languages=languages,
        first_day=min(days),
        last_day=max(days),
        travel_minutes=settings.travel_minutes,
    )
    offered = _offered(open_requests(centre).values("pk"))
    travel = settings.travel_minutes
    speakers = {
        language: pool.subset(np.flatnonzero(levels > 0))
        for language, levels in pool.levels.items()
    }
    # each request's feasible pairs: the best first, checked against the calendar lazily
    pairs: list[tuple[int, int, float]] = []  # (request index, volunteer id, score)
    for r, request in enumerate(requests):
        group = speakers.get(request.language)
        if group is None or not group.n:
            continue
        mine = offered.get(request.pk, {})
        ok = group.may_be_free(request)
        for mask in group.failures(request, mine).values():
            ok &= ~mask
        indexes = np.flatnonzero(ok)
        if not len(indexes):
            continue
        total = sum(group.scores(request, settings).values())[indexes]
        order = indexes[np.lexsort((indexes, -total))]
        scores = dict(zip(indexes.tolist(), total.tolist(), strict=True))
        kept = 0
        for i in order.tolist():
            if group.clash(i, request, travel) is None:
                pairs.append((r, int(group.ids[i]), scores[i]))
                kept += 1
                if kept == per_request:
                    break
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
