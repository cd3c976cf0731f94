"""The JSON API's representation of counselling offices (open data, read-only).

What the finder and the office page show: the original's facts, the text of its translation
into the requested language where one exists (`content_language` names it), and what the
finder computes for the request: whether the office is open now and, when a district or
postcode was given, its distance. The reasons the finder gives are words for people and stay
out of the API.
"""

from django.urls import reverse
from rest_framework import serializers

from mia.core.accessibility import Access

from .models import Located, Office, Programme, Topic


class ProgrammeSerializer(serializers.Serializer):
    code = serializers.ChoiceField(Programme.choices, source="programme")
    label = serializers.CharField(
        source="get_programme_display", help_text="In the language of the response."
    )


class ProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    website = serializers.URLField(allow_blank=True)


class DistrictSerializer(serializers.Serializer):
    slug = serializers.SlugField(help_text="The value of the `district` filter.")
    name = serializers.CharField()


class TopicSerializer(serializers.Serializer):
    code = serializers.ChoiceField(Topic.choices)
    label = serializers.CharField(help_text="In the language of the response.")


class OpeningSlotSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(
        min_value=1, max_value=7, help_text="ISO 8601: 1 is Monday, 7 is Sunday."
    )
    opens = serializers.TimeField(format="%H:%M", help_text="Local time (Europe/Berlin).")
    closes = serializers.TimeField(format="%H:%M")


class ClosureSerializer(serializers.Serializer):
    starts_on = serializers.DateField(help_text="The first day it is closed.")
    ends_on = serializers.DateField(help_text="The last day it is closed.")
    note = serializers.CharField(help_text="Why (in German, as entered).")


def _topic_label(code: str) -> str:
    return str(Topic(code).label)


class OfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The office's page.")
    name = serializers.CharField()
    description = serializers.CharField()
    content_language = serializers.CharField(
        help_text="The language of name, description and the other texts: the requested one "
        "where a translation exists, else the original's (de)."
    )
    programme = ProgrammeSerializer(source="*")
    provider = ProviderSerializer(allow_null=True, help_text="Who runs the office.")
    street = serializers.CharField(help_text="Street and house number.")
    postcode = serializers.CharField()
    city = serializers.CharField()
    address = serializers.CharField(help_text="Street, postcode and city in one line.")
    district = DistrictSerializer(allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    located = serializers.ChoiceField(
        Located.choices,
        allow_null=True,
        help_text="How exact the coordinates are: `entered` by hand (exact), the centre of "
        "the `postcode` area or of the `district` (approximate); null without coordinates.",
    )
    phone = serializers.CharField(allow_null=True)
    email = serializers.EmailField(allow_null=True)
    website = serializers.URLField(allow_null=True)
    appointment_url = serializers.URLField(allow_null=True, help_text="To book an appointment.")
    online_url = serializers.URLField(allow_null=True, help_text="Online counselling.")
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="ISO 639 codes of the languages spoken."
    )
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField(allow_null=True, help_text="Null: no upper limit.")
    topics = TopicSerializer(many=True)
    opening_hours = OpeningSlotSerializer(
        many=True,
        help_text="The weekly hours, Monday first; empty when the office has none (then it "
        "sees people by appointment).",
    )
    hours_note = serializers.CharField()
    by_appointment = serializers.BooleanField(
        help_text="Also, or only, by appointment outside the opening hours."
    )
    closures = ClosureSerializer(
        many=True,
        help_text="Days ahead (today included) when the office is closed despite its hours.",
    )
    temporarily_closed = serializers.BooleanField()
    closed_note = serializers.CharField(help_text="Why it is closed, where to go instead.")
    open_now = serializers.BooleanField(
        help_text="Open at the moment of the answer (its opening hours, closures and "
        "temporary closing considered)."
    )
    distance_km = serializers.FloatField(
        allow_null=True,
        help_text="Great-circle distance from the centre point of the `postcode` or "
        "`district` asked for; null when neither was given or the office has no coordinates.",
    )
    step_free = serializers.ChoiceField(Access.choices, help_text="Step-free access.")
    accessibility_notes = serializers.CharField()
    verified_on = serializers.DateField(
        allow_null=True, help_text="When someone last confirmed these details with the office."
    )
    is_example = serializers.BooleanField(
        help_text="Demo data: an invented office, to be shown as an example."
    )
    updated_at = serializers.DateTimeField()

    def to_representation(self, office: Office) -> dict:
        """The fields above, written out: DRF's field-by-field way took a third of a request
        with a page of 20 offices. The declarations stay for the OpenAPI document, and
        test_api checks that both name the same fields."""
        request = self.context["request"]
        today = self.context["today"]
        provider, district = office.provider, office.district
        return {
            "id": office.pk,
            "url": request.build_absolute_uri(office_path(office)),
            "name": office.name,
            "description": office.description,
            "content_language": office.content_language,
            "programme": {"code": office.programme, "label": office.get_programme_display()},
            "provider": provider
            and {"id": provider.pk, "name": provider.name, "website": provider.website},
            "street": office.street,
            "postcode": office.postcode,
            "city": office.city,
            "address": office.address,
            "district": district and {"slug": district.slug, "name": district.name},
            "latitude": office.latitude,
            "longitude": office.longitude,
            "located": office.located or None,
            "phone": office.phone or None,
            "email": office.email or None,
            "website": office.website or None,
            "appointment_url": office.appointment_url or None,
            "online_url": office.online_url or None,
            "languages": list(office.languages),
            "age_min": office.age_min,
            "age_max": office.age_max,
            "topics": [{"code": code, "label": _topic_label(code)} for code in office.topics],
            "opening_hours": [
                {
                    "weekday": slot.weekday + 1,
                    "opens": slot.opens.strftime("%H:%M"),
                    "closes": slot.closes.strftime("%H:%M"),
                }
                for slot in office.opening_slots.all()
            ],
            "hours_note": office.hours_note,
            "by_appointment": office.by_appointment,
            "closures": [
                {
                    "starts_on": closure.starts_on.isoformat(),
                    "ends_on": closure.ends_on.isoformat(),
                    "note": closure.note,
                }
                for closure in office.closures.all()
                if closure.ends_on >= today
            ],
            "temporarily_closed": office.temporarily_closed,
            "closed_note": office.closed_note,
            "open_now": office.open_now,
            "distance_km": office.distance_km,
            "step_free": office.step_free,
            "accessibility_notes": office.accessibility_notes,
            "verified_on": office.verified_on and office.verified_on.isoformat(),
            "is_example": office.is_example,
            "updated_at": self.fields["updated_at"].to_representation(office.updated_at),
        }


def office_path(office: Office) -> str:
    """The office's public page, with the prefix of the active language."""
    return reverse("counselling:office", kwargs={"pk": office.pk, "slug": office.slug})
