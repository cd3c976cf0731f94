"""Stand-in for the answer page's route until wt-rsvp's urls.py is merged (see conftest)."""

from django.http import HttpResponse
from django.urls import include, path

from mia.ceremonies.links import ANSWER_PATH
from mia.urls import urlpatterns as mia_patterns

answer = (
    [path(ANSWER_PATH, lambda request, code: HttpResponse(code), name="answer")],
    "ceremonies",
)
urlpatterns = [path("", include(answer)), *mia_patterns]
