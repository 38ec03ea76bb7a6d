"""/api/v1/: every app's API, one include per app."""

from django.urls import include, path

urlpatterns = [
    path("", include("bilgiislem.core.api.urls")),
    path("organization/", include("bilgiislem.organization.api.urls")),
]
