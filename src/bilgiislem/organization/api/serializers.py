"""Shapes of the organisation API. Output serializers are read-only; input serializers list their writable
fields explicitly and reject any other key (no mass assignment of status, outcome or privilege fields)."""

from collections.abc import Mapping

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bilgiislem.organization.choices import ProvisionKind
from bilgiislem.organization.models import (
    Deputyship,
    Duty,
    LeavePlan,
    Municipality,
    Person,
    Regulation,
    SignatureDelegation,
    Unit,
    UnitProposal,
    User,
)
from bilgiislem.organization.roles import ROLES, role_label

from .scope import rows_visible_to, users_visible_to

ROLE_CHOICES = [(code, role.label) for code, role in ROLES.items()]
REGULATION_TEXT_MAX = 500_000


# --- building blocks ---------------------------------------------------------------------------------
class StrictInputMixin:
    """Reject keys that are not writable fields of the serializer (400 naming each one)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError({key: [_("This field cannot be set.")] for key in unknown})
        return super().to_internal_value(data)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that must name a row the caller may see; others read as 'does not exist'."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scope(super().get_queryset(), getattr(request, "user", None))


def visible_unit_field(**kwargs) -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(rows_visible_to, queryset=Unit.objects.all(), **kwargs)


def visible_person_field(**kwargs) -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(rows_visible_to, queryset=Person.objects.all(), **kwargs)


def visible_user_field(**kwargs) -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(users_visible_to, queryset=User.objects.all(), **kwargs)


# --- municipality ------------------------------------------------------------------------------------
class MunicipalitySerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True)  # may be empty: not format "email"

    class Meta:
        model = Municipality
        fields = [
            "id",
            "name",
            "detsis_number",
            "address",
            "phone",
            "fax",
            "email",
            "kep_address",
            "website",
            "logo",
            "updated_at",
        ]
        read_only_fields = fields


class MunicipalityInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["name", "detsis_number", "address", "phone", "fax", "email", "kep_address", "website"]


# --- units -------------------------------------------------------------------------------------------
class UnitSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True)  # may be empty: not format "email"

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "kind",
            "parent",
            "is_it_directorate",
            "is_active",
            "email",
            "phone",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class UnitInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    parent = visible_unit_field(required=False, allow_null=True)

    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "kind", "parent", "is_active", "email", "phone"]


# --- people ------------------------------------------------------------------------------------------
class PersonSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "full_name",
            "title",
            "employment_type",
            "unit",
            "unit_name",
            "status",
            "registry_number",
            "email",
            "phone",
            "started_on",
            "left_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PersonInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    """``status`` is not writable: departures go through the handover procedure."""

    unit = visible_unit_field()

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "title",
            "employment_type",
            "unit",
            "registry_number",
            "email",
            "phone",
            "started_on",
            "left_on",
        ]


# --- users and roles ---------------------------------------------------------------------------------
class RoleSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


def _roles(codes) -> list[dict]:
    return [{"code": code, "label": role_label(code)} for code in sorted(codes)]


class UserSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True)
    full_name = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "is_active",
            "person",
            "unit",
            "roles",
            "last_login",
            "date_joined",
        ]
        read_only_fields = fields

    def get_full_name(self, obj: User) -> str:
        return str(obj)

    def get_unit(self, obj: User) -> int | None:
        return obj.unit_id

    @extend_schema_field(RoleSerializer(many=True))
    def get_roles(self, obj: User) -> list[dict]:
        return _roles(group.name for group in obj.groups.all())


class UserRolesInputSerializer(StrictInputMixin, serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=ROLE_CHOICES), allow_empty=True, max_length=len(ROLE_CHOICES)
    )


# --- deputyships and signature delegations -----------------------------------------------------------
class DeputyshipSerializer(serializers.ModelSerializer):
    principal_name = serializers.CharField(source="principal.__str__", read_only=True)
    deputy_name = serializers.CharField(source="deputy.__str__", read_only=True)
    role_label = serializers.SerializerMethodField()
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = Deputyship
        fields = [
            "id",
            "principal",
            "principal_name",
            "deputy",
            "deputy_name",
            "role",
            "role_label",
            "unit",
            "start_date",
            "end_date",
            "reason",
            "leave",
            "note",
            "cancelled_at",
            "is_current",
            "created_at",
        ]
        read_only_fields = fields

    def get_role_label(self, obj: Deputyship) -> str:
        return role_label(obj.role)

    def get_is_current(self, obj: Deputyship) -> bool:
        today = timezone.localdate()
        return obj.cancelled_at is None and obj.start_date <= today <= obj.end_date


class DeputyshipInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    principal = visible_user_field()
    deputy = visible_user_field()
    role = serializers.ChoiceField(choices=ROLE_CHOICES)
    unit = visible_unit_field(required=False, allow_null=True)

    class Meta:
        model = Deputyship
        fields = ["principal", "deputy", "role", "unit", "start_date", "end_date", "reason", "note"]
        validators = []  # rules (range, overlap, not self) live in the service


class ReasonInputSerializer(StrictInputMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class SignatureDelegationSerializer(serializers.ModelSerializer):
    delegator_name = serializers.CharField(source="delegator.__str__", read_only=True)
    delegate_name = serializers.CharField(source="delegate.__str__", read_only=True)

    class Meta:
        model = SignatureDelegation
        fields = [
            "id",
            "delegator",
            "delegator_name",
            "delegate",
            "delegate_name",
            "scope",
            "start_date",
            "end_date",
            "decision_reference",
            "revoked_at",
            "created_at",
        ]
        read_only_fields = fields


class SignatureDelegationInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    delegator = visible_user_field()
    delegate = visible_user_field()

    class Meta:
        model = SignatureDelegation
        fields = ["delegator", "delegate", "scope", "start_date", "end_date", "decision_reference"]
        validators = []


# --- leave plans -------------------------------------------------------------------------------------
class LeavePlanSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = LeavePlan
        fields = [
            "id",
            "person",
            "person_name",
            "unit",
            "year",
            "kind",
            "start_date",
            "end_date",
            "working_days",
            "status",
            "acting",
            "proposed_by",
            "decided_by",
            "decided_at",
            "note",
            "decision_note",
            "created_at",
        ]
        read_only_fields = fields


class LeavePlanInputSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A proposal. ``status``, the decision and the working-day count are set by the services."""

    person = visible_person_field()
    acting = visible_user_field(required=False, allow_null=True)

    class Meta:
        model = LeavePlan
        fields = ["person", "kind", "start_date", "end_date", "acting", "note"]
        validators = []


class NoteInputSerializer(StrictInputMixin, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class RequiredNoteInputSerializer(StrictInputMixin, serializers.Serializer):
    note = serializers.CharField(max_length=500)


# --- regulations, proposals and duties --------------------------------------------------------------
class RegulationSerializer(serializers.ModelSerializer):
    article_count = serializers.IntegerField(read_only=True)
    proposed_duty_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Regulation
        fields = [
            "id",
            "title",
            "source_name",
            "status",
            "unit",
            "imported_by",
            "article_count",
            "proposed_duty_count",
            "created_at",
        ]
        read_only_fields = fields


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    text = serializers.CharField()


class ParagraphSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    items = ItemSerializer(many=True)


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(allow_null=True)
    heading = serializers.CharField()
    paragraphs = ParagraphSerializer(many=True)


class UnitProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitProposal
        fields = ["id", "regulation", "name", "status", "unit", "position"]
        read_only_fields = fields


def provision_tree(provisions) -> list[dict]:
    """Articles with their paragraphs and lettered items, from provisions ordered by position."""
    articles: list[dict] = []
    by_id: dict[int, dict] = {}
    for p in provisions:
        if p.kind == ProvisionKind.ARTICLE:
            node = {"id": p.pk, "number": p.number, "heading": p.heading, "paragraphs": []}
            articles.append(node)
        elif p.kind == ProvisionKind.PARAGRAPH and p.parent_id in by_id:
            node = {"id": p.pk, "number": p.number, "text": p.text, "items": []}
            by_id[p.parent_id]["paragraphs"].append(node)
        elif p.kind == ProvisionKind.ITEM and p.parent_id in by_id:
            node = {"id": p.pk, "label": p.label, "text": p.text}
            by_id[p.parent_id]["items"].append(node)
        else:
            continue
        by_id[p.pk] = node
    return articles


class RegulationDetailSerializer(RegulationSerializer):
    articles = serializers.SerializerMethodField()
    unit_proposals = UnitProposalSerializer(many=True, read_only=True)

    class Meta(RegulationSerializer.Meta):
        fields = [*RegulationSerializer.Meta.fields, "text", "articles", "unit_proposals"]
        read_only_fields = fields

    @extend_schema_field(ArticleSerializer(many=True))
    def get_articles(self, obj: Regulation) -> list[dict]:
        return provision_tree(obj.provisions.all())


class RegulationImportInputSerializer(StrictInputMixin, serializers.Serializer):
    text = serializers.CharField(max_length=REGULATION_TEXT_MAX, trim_whitespace=False)
    source_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    unit = visible_unit_field(required=False, allow_null=True, default=None)


class RegulationParseErrorSerializer(serializers.Serializer):
    text = serializers.ListField(child=serializers.CharField())
    line = serializers.IntegerField(allow_null=True)


class DutySerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)

    class Meta:
        model = Duty
        fields = [
            "id",
            "code",
            "regulation",
            "provision",
            "article",
            "label",
            "text",
            "unit",
            "unit_proposal",
            "status",
            "confirmed_by",
            "confirmed_at",
            "created_at",
        ]
        read_only_fields = fields


class UnitChoiceInputSerializer(StrictInputMixin, serializers.Serializer):
    unit = visible_unit_field(required=False, allow_null=True, default=None)


class DecidedCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


# --- the caller --------------------------------------------------------------------------------------
class MeUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeActingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    principal = serializers.IntegerField()
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.CharField()
    person = serializers.IntegerField(allow_null=True)
    unit = MeUnitSerializer(allow_null=True)
    roles = RoleSerializer(many=True)
    acting = MeActingSerializer(many=True)
    sees_all_units = serializers.BooleanField()
    is_it_staff = serializers.BooleanField()
    permissions = serializers.ListField(child=serializers.CharField())
