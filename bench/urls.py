from django.http import HttpResponse
from django.urls import path

from mia.urls import handler404, handler500  # noqa: F401
from mia.urls import urlpatterns as mia_urlpatterns


def floor(request):
    """The least a Django view can do: what every page is measured against."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bench/floor/", floor), *mia_urlpatterns]
