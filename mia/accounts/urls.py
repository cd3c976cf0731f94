from django.urls import include, path, re_path

from mia.organisations import views as organisation_views

from . import views

urlpatterns = [
    path("", views.overview, name="account_overview"),
    # The address an account signs in with is the one the invitation went to: not changed here.
    re_path(r"^(email|confirm-email)/", views.not_offered),
    path("einladung/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("organisation/<int:pk>/", organisation_views.profile, name="organisation_profile"),
    path("", include("allauth.urls")),
]
