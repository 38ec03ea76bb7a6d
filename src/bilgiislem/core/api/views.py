from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from bilgiislem.core import calendar


class DeadlineQuerySerializer(serializers.Serializer):
    start = serializers.DateField(input_formats=["%Y-%m-%d"])
    days = serializers.IntegerField(min_value=0, max_value=calendar.MAX_PERIOD_DAYS, required=False)
    kind = serializers.ChoiceField(choices=[k.value for k in calendar.PeriodKind], required=False)
    basis = serializers.ChoiceField(choices=sorted(calendar.BASES), required=False)

    def validate(self, attrs):
        if "basis" in attrs:
            days, kind = calendar.BASES[attrs["basis"]]
            attrs.setdefault("days", days)
            attrs.setdefault("kind", kind.value)
        if "days" not in attrs or "kind" not in attrs:
            raise serializers.ValidationError("Give days and kind, or a basis. / Gün sayısı ve tür ya da dayanak girin.")
        return attrs


class DeadlineSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    kind = serializers.CharField()
    due_date = serializers.DateField()


class DeadlineView(APIView):
    """Compute a legal due date on the Turkish working calendar."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("days", int),
            OpenApiParameter("kind", str, enum=[k.value for k in calendar.PeriodKind]),
            OpenApiParameter("basis", str, enum=sorted(calendar.BASES)),
        ],
        responses={200: DeadlineSerializer},
    )
    def get(self, request):
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        due = calendar.due_date(data["start"], data["days"], data["kind"])
        return Response(
            DeadlineSerializer({"start": data["start"], "days": data["days"], "kind": data["kind"], "due_date": due}).data
        )
