"""/api/v1/: every app's API, one include per app."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound

from bilgiislem.organization.api.views import MeView


@csrf_exempt  # it changes nothing; a CSRF refusal here would be an HTML 403 instead of the JSON 404
def api_not_found(request, *args, **kwargs):
    """Unknown /api/v1/ paths answer JSON like every other API error (not the HTML 404 page)."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


urlpatterns = [
    path("", include("bilgiislem.core.api.urls")),
    path("organization/", include("bilgiislem.organization.api.urls")),
    path("me/", MeView.as_view(), name="api-me"),
    re_path(r"^", api_not_found),  # keep last; unnamed: it is not an endpoint
]
