from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bilgiislem.core import calendar


class DeadlineQuerySerializer(serializers.Serializer):
    """Shape only; the rules (ranges, basis versus explicit values) are in core.calendar.resolve_period."""

    start = serializers.CharField()
    days = serializers.CharField(required=False)
    kind = serializers.CharField(required=False)
    basis = serializers.CharField(required=False)

    def validate(self, attrs):
        try:
            attrs["period"] = calendar.resolve_period(
                attrs.get("start"), attrs.get("days"), attrs.get("kind"), attrs.get("basis")
            )
        except calendar.PeriodError as exc:
            message = exc.bilingual()
            raise serializers.ValidationError({exc.field: [message]} if exc.field else {"detail": message}) from None
        return attrs


class DeadlineSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    kind = serializers.CharField()
    basis = serializers.CharField(allow_blank=True)
    due_date = serializers.DateField(help_text="The due date, rolled forward to a working day.")
    nominal_date = serializers.DateField(
        help_text="The last day before any roll-forward (start + days for calendar periods); alerts use it."
    )


class DeadlineView(APIView):
    """Compute a legal due date on the Turkish working calendar (legal-tr.md §2.5).

    Working-day periods count from the day after ``start``; calendar periods roll a last day that is
    not a working day forward. A ``basis`` (3071, 4982, 4982-extended) gives days and kind; explicit
    values that contradict it are rejected.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("days", int, description=f"{calendar.MIN_PERIOD_DAYS}–{calendar.MAX_PERIOD_DAYS}"),
            OpenApiParameter("kind", str, enum=[k.value for k in calendar.PeriodKind]),
            OpenApiParameter("basis", str, enum=sorted(calendar.BASES)),
        ],
        responses={200: DeadlineSerializer},
    )
    def get(self, request):
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            result = calendar.deadline(query.validated_data["period"])
        except calendar.PeriodError as exc:
            raise serializers.ValidationError({"detail": exc.bilingual()}) from None
        return Response(
            DeadlineSerializer(
                {
                    "start": result.start,
                    "days": result.days,
                    "kind": result.kind.value,
                    "basis": result.basis,
                    "due_date": result.due_date,
                    "nominal_date": result.nominal_date,
                }
            ).data
        )
