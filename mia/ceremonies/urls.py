"""The invitees' pages (language-prefixed like the rest of the site): the code, the answer
and the ticket. The answer page's address is what letters, mails and QR codes carry
(`links.answer_url`)."""

from . import views

app_name = "ceremonies"
urlpatterns = [*views.urlpatterns]
