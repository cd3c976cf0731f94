"""The events' public addresses (programme, event pages, feeds, booklets) and the
organisations' submission pages; the JSON API is mounted outside the language prefixes."""

from .views import booklet, feeds, public, submission

app_name = "events"
urlpatterns = [
    *public.urlpatterns,
    *feeds.urlpatterns,
    *booklet.urlpatterns,
    *submission.urlpatterns,
]
