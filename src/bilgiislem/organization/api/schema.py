"""OpenAPI helpers: documented error responses and closed request bodies (unknown fields are rejected)."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of 401, 403 and 404 answers."""

    detail = serializers.CharField()

    class Meta:
        ref_name = "Error"


_DESCRIPTIONS = {
    400: "Invalid input or a broken business rule: `{field: [messages]}`, or `{detail: message}`.",
    401: "Authentication credentials were not provided or are invalid.",
    403: "The caller lacks the permission for this action.",
    404: "Not found, or outside the caller's units (out-of-scope rows are never revealed); on lists, a bad page.",
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses for ``extend_schema(responses=...)``; 401 and 403 are always included."""
    responses: dict[int, OpenApiResponse] = {}
    for code in sorted({401, 403, *codes}):
        body = OpenApiTypes.OBJECT if code == 400 else ErrorSerializer
        responses[code] = OpenApiResponse(response=body, description=_DESCRIPTIONS[code])
    return responses


class StrictInputExtension(OpenApiSerializerExtension):
    """Request bodies of ``StrictInputSerializer`` say ``additionalProperties: false`` — they reject unknown keys."""

    target_class = "bilgiislem.organization.api.serializers.StrictInputMixin"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema
