"""The JSON API's representation of public events and venues (open data, read-only).

Only what the public event page shows, never contact details of people, review notes or
states other than published and cancelled. The event's text is its translation into the
requested language where one exists (`queries.translate`), which `content_language` names.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Access, Attendance, Category, Event, Venue


class AccessibilitySerializer(serializers.Serializer):
    step_free = serializers.ChoiceField(Access.choices, help_text="Step-free access.")
    accessible_toilet = serializers.ChoiceField(Access.choices)
    induction_loop = serializers.ChoiceField(Access.choices)
    notes = serializers.CharField(source="accessibility_notes")


class VenueSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This venue in the API.")
    address = serializers.CharField(help_text="Street, postcode and city in one line.")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    accessibility = AccessibilitySerializer(source="*")
    map_url = serializers.URLField(help_text="The place on OpenStreetMap (a link only).")

    class Meta:
        model = Venue
        fields = [
            "id",
            "url",
            "name",
            "street",
            "postcode",
            "city",
            "address",
            "district",
            "latitude",
            "longitude",
            "accessibility",
            "map_url",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, venue: Venue) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(reverse("events_api:venue", kwargs={"pk": venue.pk}))


class DateSerializer(serializers.Serializer):
    start = serializers.DateTimeField(help_text="ISO 8601 with the offset of Europe/Berlin.")
    end = serializers.DateTimeField()


class CategorySerializer(serializers.Serializer):
    code = serializers.ChoiceField(Category.choices, source="category")
    label = serializers.CharField(
        source="get_category_display", help_text="In the language of the response."
    )


class RegistrationSerializer(serializers.Serializer):
    required = serializers.BooleanField(source="registration_required")
    info = serializers.CharField(source="registration_info")
    url = serializers.URLField(source="registration_url", allow_blank=True)


class OrganiserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    website = serializers.URLField(allow_blank=True)


class EditionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField(help_text="What the image shows.")
    rights = serializers.CharField(help_text="Who made it; the rights to publish it.")


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="The event's page.")
    ical_url = serializers.SerializerMethodField(help_text="The event as an iCalendar file.")
    api_url = serializers.SerializerMethodField(help_text="This event in the API.")
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    content_language = serializers.CharField(
        help_text="The language of title, summary, description and the other texts: the "
        "requested one where a translation exists, else the original's (de)."
    )
    category = CategorySerializer(source="*")
    state = serializers.ChoiceField(
        [Event.State.PUBLISHED, Event.State.CANCELLED],
        help_text="Cancelled events stay listed, marked as cancelled.",
    )
    cancellation_reason = serializers.SerializerMethodField()
    dates = DateSerializer(many=True, help_text="In time order.")
    venue = serializers.SerializerMethodField(help_text="Null for events held online only.")
    attendance = serializers.ChoiceField(Attendance.choices)
    online_url = serializers.SerializerMethodField()
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="ISO 639 codes of the languages spoken."
    )
    is_free = serializers.BooleanField()
    price = serializers.CharField()
    target_group = serializers.CharField()
    age_min = serializers.IntegerField(allow_null=True)
    age_max = serializers.IntegerField(allow_null=True)
    family_friendly = serializers.BooleanField()
    registration = RegistrationSerializer(source="*")
    organiser = serializers.SerializerMethodField(
        help_text="Null when the centre itself organises the event."
    )
    edition = serializers.SerializerMethodField(help_text="The festival, if any.")
    image = serializers.SerializerMethodField()
    sequence = serializers.IntegerField(help_text="Grows with every change once public.")
    updated_at = serializers.DateTimeField()

    def _absolute(self, path: str) -> str:
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event: Event) -> str:
        return self._absolute(reverse("events:detail", kwargs={"pk": event.pk, "slug": event.slug}))

    @extend_schema_field(OpenApiTypes.URI)
    def get_ical_url(self, event: Event) -> str:
        return self._absolute(reverse("events:event_ics", kwargs={"pk": event.pk}))

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, event: Event) -> str:
        return self._absolute(reverse("events_api:event", kwargs={"pk": event.pk}))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_cancellation_reason(self, event: Event) -> str | None:
        return event.cancellation_note if event.is_cancelled else None

    @extend_schema_field(VenueSerializer(allow_null=True))
    def get_venue(self, event: Event) -> dict | None:
        if not event.has_venue:
            return None
        return VenueSerializer(event.venue, context=self.context).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_online_url(self, event: Event) -> str | None:
        return (event.online_url or None) if event.is_online else None

    @extend_schema_field(OrganiserSerializer(allow_null=True))
    def get_organiser(self, event: Event) -> dict | None:
        if event.organisation is None:
            return None
        return OrganiserSerializer(event.organisation).data

    @extend_schema_field(EditionSerializer(allow_null=True))
    def get_edition(self, event: Event) -> dict | None:
        if event.edition is None:
            return None
        return EditionSerializer(event.edition).data

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_image(self, event: Event) -> dict | None:
        image = event.image
        if image is None:
            return None
        return {
            "url": self._absolute(image.file.url),
            "width": image.width,
            "height": image.height,
            "alt": event.image_alt,
            "rights": event.image_rights,
        }
