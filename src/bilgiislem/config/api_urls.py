"""/api/v1/: every app's API, one include per app."""

from django.urls import include, path

from bilgiislem.organization.api.views import MeView

urlpatterns = [
    path("", include("bilgiislem.core.api.urls")),
    path("organization/", include("bilgiislem.organization.api.urls")),
    path("me/", MeView.as_view(), name="api-me"),
]
