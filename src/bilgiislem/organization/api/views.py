"""Organisation API for machine clients. Views parse input, call one service (actor = the caller) and render.

Reads start from ``visible_to(user)``: a row outside the caller's units is 404, never 403.
"""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Collate
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from bilgiislem.core.querysets import visible_unit_ids
from bilgiislem.core.turkish import TR_COLLATION
from bilgiislem.organization import services
from bilgiislem.organization.choices import ProposalStatus, ProvisionKind
from bilgiislem.organization.models import (
    Deputyship,
    Duty,
    LeavePlan,
    Municipality,
    Person,
    Provision,
    Regulation,
    SignatureDelegation,
    Unit,
    UnitProposal,
    User,
)
from bilgiislem.organization.permissions import is_it_staff
from bilgiislem.organization.roles import role_label, user_role_codes
from bilgiislem.organization.scoping import active_deputyships

from . import filters
from . import serializers as s
from .permissions import AuthenticatedWithSecondFactor, ModelPermissions
from .schema import errors
from .scope import users_visible_to

READ_LIST = errors(400, 404)  # 400: bad filter value; 404: page out of range
READ_ONE = errors(404)
WRITE_NEW = errors(400)
WRITE_ONE = errors(400, 404)


class OrganizationViewSet(viewsets.GenericViewSet):
    """Shared plumbing: model permissions, input parsing, output rendering."""

    permission_classes = [ModelPermissions]
    parser_classes = [JSONParser]  # machine clients send JSON; no form encodings to second-guess
    action_permissions: dict[str, tuple[str, ...]] = {}

    def parse(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def render(self, obj, code: int = status.HTTP_200_OK, serializer_class=None) -> Response:
        serializer_class = serializer_class or self.get_serializer_class()
        return Response(serializer_class(obj, context=self.get_serializer_context()).data, status=code)


# --- municipality ------------------------------------------------------------------------------------
class MunicipalityView(GenericAPIView):
    """The municipality this deployment serves (a single row)."""

    permission_classes = [ModelPermissions]
    parser_classes = [JSONParser]
    queryset = Municipality.objects.all()
    serializer_class = s.MunicipalitySerializer
    filter_backends = []
    pagination_class = None

    def get_object(self) -> Municipality:
        municipality = Municipality.current()
        if municipality is None:
            raise Http404
        return municipality

    @extend_schema(responses={200: s.MunicipalitySerializer, **READ_ONE})
    def get(self, request):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=s.MunicipalityInputSerializer, responses={200: s.MunicipalitySerializer, **WRITE_ONE})
    def patch(self, request):
        self.get_object()
        serializer = s.MunicipalityInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        municipality = services.municipality_update(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(municipality).data)


# --- units -------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(responses={200: s.UnitSerializer(many=True), **READ_LIST}),
    retrieve=extend_schema(responses={200: s.UnitSerializer, **READ_ONE}),
    create=extend_schema(request=s.UnitInputSerializer, responses={201: s.UnitSerializer, **WRITE_NEW}),
    partial_update=extend_schema(request=s.UnitInputSerializer, responses={200: s.UnitSerializer, **WRITE_ONE}),
)
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationViewSet):
    """Units: directorates, the IT directorate's sub-units and outside bodies."""

    queryset = Unit.objects.all()
    serializer_class = s.UnitSerializer
    filterset_class = filters.UnitFilter

    def get_queryset(self):
        return Unit.objects.visible_to(self.request.user).order_by("kind", Collate("name", TR_COLLATION), "pk")

    def create(self, request):
        unit = services.unit_create(actor=request.user, **self.parse(s.UnitInputSerializer))
        return self.render(unit, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        unit = self.get_object()
        unit = services.unit_update(unit=unit, actor=request.user, **self.parse(s.UnitInputSerializer, partial=True))
        return self.render(unit)


# --- people ------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(responses={200: s.PersonSerializer(many=True), **READ_LIST}),
    retrieve=extend_schema(responses={200: s.PersonSerializer, **READ_ONE}),
    create=extend_schema(request=s.PersonInputSerializer, responses={201: s.PersonSerializer, **WRITE_NEW}),
    partial_update=extend_schema(request=s.PersonInputSerializer, responses={200: s.PersonSerializer, **WRITE_ONE}),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationViewSet):
    """Members of staff. ``status`` is read-only: departures go through the handover procedure."""

    queryset = Person.objects.all()
    serializer_class = s.PersonSerializer
    filterset_class = filters.PersonFilter

    def get_queryset(self):
        return (
            Person.objects.visible_to(self.request.user)
            .select_related("unit")
            .order_by(Collate("last_name", TR_COLLATION), Collate("first_name", TR_COLLATION), "pk")
        )

    def create(self, request):
        person = services.person_create(actor=request.user, **self.parse(s.PersonInputSerializer))
        return self.render(person, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        person = self.get_object()
        data = self.parse(s.PersonInputSerializer, partial=True)
        return self.render(services.person_update(person=person, actor=request.user, **data))


# --- users -------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(responses={200: s.UserSerializer(many=True), **READ_LIST}),
    retrieve=extend_schema(responses={200: s.UserSerializer, **READ_ONE}),
    roles=extend_schema(
        request=s.UserRolesInputSerializer,
        responses={200: s.UserSerializer, **WRITE_ONE},
        description="Replace the user's roles. Nothing else about a user can be changed through the API.",
    ),
)
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationViewSet):
    """Logins and their roles (read-only, except roles through POST /roles/)."""

    queryset = User.objects.all()
    serializer_class = s.UserSerializer
    filterset_class = filters.UserFilter
    action_permissions = {"roles": ("organization.view_user", "organization.change_user")}

    def get_queryset(self):
        queryset = User.objects.select_related("person").prefetch_related("groups")
        return users_visible_to(queryset, self.request.user)

    @action(detail=True, methods=["post"])
    def roles(self, request, pk=None):
        user = self.get_object()
        data = self.parse(s.UserRolesInputSerializer)
        services.user_roles_set(user=user, roles=data["roles"], actor=request.user)
        return self.render(self.get_queryset().get(pk=user.pk))


# --- deputyships -------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(responses={200: s.DeputyshipSerializer(many=True), **READ_LIST}),
    retrieve=extend_schema(responses={200: s.DeputyshipSerializer, **READ_ONE}),
    create=extend_schema(request=s.DeputyshipInputSerializer, responses={201: s.DeputyshipSerializer, **WRITE_NEW}),
    cancel=extend_schema(request=s.ReasonInputSerializer, responses={200: s.DeputyshipSerializer, **WRITE_ONE}),
)
class DeputyshipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationViewSet):
    """Acting authority (vekâlet) for a date range."""

    queryset = Deputyship.objects.all()
    serializer_class = s.DeputyshipSerializer
    filterset_class = filters.DeputyshipFilter
    action_permissions = {"cancel": ("organization.view_deputyship", "organization.change_deputyship")}

    def get_queryset(self):
        return Deputyship.objects.visible_to(self.request.user).select_related("principal__person", "deputy__person")

    def create(self, request):
        deputyship = services.deputyship_create(actor=request.user, **self.parse(s.DeputyshipInputSerializer))
        return self.render(deputyship, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        deputyship = self.get_object()
        data = self.parse(s.ReasonInputSerializer)
        return self.render(services.deputyship_cancel(deputyship=deputyship, actor=request.user, **data))


# --- signature delegations ---------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(responses={200: s.SignatureDelegationSerializer(many=True), **READ_LIST}),
    retrieve=extend_schema(responses={200: s.SignatureDelegationSerializer, **READ_ONE}),
    create=extend_schema(
        request=s.SignatureDelegationInputSerializer, responses={201: s.SignatureDelegationSerializer, **WRITE_NEW}
    ),
    revoke=extend_schema(request=None, responses={200: s.SignatureDelegationSerializer, **WRITE_ONE}),
)
class SignatureDelegationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationViewSet):
    """Delegated signature authority (imza yetkisi devri); municipality-wide, not unit-scoped."""

    queryset = SignatureDelegation.objects.all()
    serializer_class = s.SignatureDelegationSerializer
    filterset_class = filters.SignatureDelegationFilter
    # The service decides who revokes: the delegator or a holder of change_signaturedelegation.
    action_permissions = {"revoke": ("organization.view_signaturedelegation",)}

    def get_queryset(self):
        return SignatureDelegation.objects.select_related("delegator__person", "delegate__person")

    def create(self, request):
        data = self.parse(s.SignatureDelegationInputSerializer)
        return self.render(services.signature_delegation_create(actor=request.user, **data), status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        delegation = self.get_object()
        return self.render(services.signature_delegation_revoke(delegation=delegation, actor=request.user))


# --- leave plans -------------------------------------------------------------------------------------
_DECISION = "Approve or reject needs `approve_leaveplan`; nobody decides their own leave."


@extend_schema_view(
    list=extend_schema(responses={200: s.LeavePlanSerializer(many=True), **READ_LIST}),
    retrieve=extend_schema(responses={200: s.LeavePlanSerializer, **READ_ONE}),
    create=extend_schema(
        request=s.LeavePlanInputSerializer,
        responses={201: s.LeavePlanSerializer, **WRITE_NEW},
        description="Propose a leave plan for a person of the caller's units.",
    ),
    approve=extend_schema(
        request=s.NoteInputSerializer, responses={200: s.LeavePlanSerializer, **WRITE_ONE}, description=_DECISION
    ),
    reject=extend_schema(
        request=s.RequiredNoteInputSerializer,
        responses={200: s.LeavePlanSerializer, **WRITE_ONE},
        description=_DECISION,
    ),
    cancel=extend_schema(
        request=s.NoteInputSerializer,
        responses={200: s.LeavePlanSerializer, **WRITE_ONE},
        description="The proposer or a decider may cancel a proposed or approved plan.",
    ),
)
class LeavePlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationViewSet):
    """Planned leave: proposed by a chief, decided by the director."""

    queryset = LeavePlan.objects.all()
    serializer_class = s.LeavePlanSerializer
    filterset_class = filters.LeavePlanFilter
    action_permissions = {
        "approve": ("organization.view_leaveplan", "organization.approve_leaveplan"),
        "reject": ("organization.view_leaveplan", "organization.approve_leaveplan"),
        "cancel": ("organization.view_leaveplan",),  # the service allows the proposer or a decider
    }

    def get_queryset(self):
        return LeavePlan.objects.visible_to(self.request.user).select_related("person")

    def create(self, request):
        leave = services.leave_propose(actor=request.user, **self.parse(s.LeavePlanInputSerializer))
        return self.render(leave, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        leave = self.get_object()
        return self.render(services.leave_approve(leave=leave, actor=request.user, **self.parse(s.NoteInputSerializer)))

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        leave = self.get_object()
        data = self.parse(s.RequiredNoteInputSerializer)
        return self.render(services.leave_reject(leave=leave, actor=request.user, **data))

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        leave = self.get_object()
        return self.render(services.leave_cancel(leave=leave, actor=request.user, **self.parse(s.NoteInputSerializer)))


# --- regulations -------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(responses={200: s.RegulationSerializer(many=True), **READ_LIST}),
    retrieve=extend_schema(responses={200: s.RegulationDetailSerializer, **READ_ONE}),
    import_=extend_schema(
        request=s.RegulationImportInputSerializer,
        responses={201: s.RegulationDetailSerializer, **WRITE_NEW},
        description=(
            "Parse a regulation text, store its articles and propose its units and duties for confirmation. "
            "A text that cannot be read answers 400 with `{text: [message], line: number}`."
        ),
    ),
)
class RegulationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationViewSet):
    """Regulations with their article tree; importing one proposes units and duties."""

    queryset = Regulation.objects.all()
    serializer_class = s.RegulationSerializer
    filterset_class = filters.RegulationFilter
    action_permissions = {"import_": ("organization.view_regulation", "organization.add_regulation")}

    def get_queryset(self):
        if self.action == "list":
            return Regulation.objects.annotate(
                article_count=Count("provisions", filter=Q(provisions__kind=ProvisionKind.ARTICLE), distinct=True),
                proposed_duty_count=Count("duties", filter=Q(duties__status=ProposalStatus.PROPOSED), distinct=True),
            )
        return self._detail_queryset()

    @staticmethod
    def _detail_queryset():
        return Regulation.objects.annotate(
            article_count=Count("provisions", filter=Q(provisions__kind=ProvisionKind.ARTICLE), distinct=True),
            proposed_duty_count=Count("duties", filter=Q(duties__status=ProposalStatus.PROPOSED), distinct=True),
        ).prefetch_related(Prefetch("provisions", queryset=Provision.objects.order_by("position")), "unit_proposals")

    def get_serializer_class(self):
        return s.RegulationSerializer if self.action == "list" else s.RegulationDetailSerializer

    @action(detail=False, methods=["post"], url_path="import", url_name="import")
    def import_(self, request):
        from bilgiislem.organization import regulation_reader

        data = self.parse(s.RegulationImportInputSerializer)
        text = data["text"].replace("\r\n", "\n").replace("\r", "\n")  # stored text and reported lines agree
        try:
            parsed = regulation_reader.parse(text)
        except regulation_reader.RegulationParseError as exc:  # str(exc) names the line ("Satır 4 / line 4: …")
            return Response({"text": [str(exc)], "line": exc.line}, status=status.HTTP_400_BAD_REQUEST)
        regulation = services.regulation_import(
            actor=request.user, parsed=parsed, text=text, source_name=data["source_name"], unit=data["unit"]
        )
        return self.render(self._detail_queryset().get(pk=regulation.pk), status.HTTP_201_CREATED)


# --- unit proposals and duties -----------------------------------------------------------------------
_ALREADY_DECIDED = _("This proposal has already been decided.")


@extend_schema_view(
    list=extend_schema(responses={200: s.UnitProposalSerializer(many=True), **READ_LIST}),
    retrieve=extend_schema(responses={200: s.UnitProposalSerializer, **READ_ONE}),
    confirm=extend_schema(
        request=s.UnitChoiceInputSerializer,
        responses={200: s.UnitProposalSerializer, **WRITE_ONE},
        description="Confirm a unit the regulation names: match it to `unit`, or create it under the regulation's "
        "directorate when `unit` is empty.",
    ),
    reject=extend_schema(request=None, responses={200: s.UnitProposalSerializer, **WRITE_ONE}),
)
class UnitProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationViewSet):
    """Units proposed by an imported regulation."""

    queryset = UnitProposal.objects.all()
    serializer_class = s.UnitProposalSerializer
    filterset_class = filters.UnitProposalFilter
    view_permission = "organization.view_regulation"
    action_permissions = {
        "confirm": ("organization.view_regulation", "organization.confirm_regulation"),
        "reject": ("organization.view_regulation", "organization.confirm_regulation"),
    }

    def get_queryset(self):
        return UnitProposal.objects.all()

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        proposal = self.get_object()
        data = self.parse(s.UnitChoiceInputSerializer)
        return self.render(services.unit_proposal_confirm(proposal=proposal, actor=request.user, unit=data["unit"]))

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        proposal = self.get_object()
        return self.render(services.unit_proposal_reject(proposal=proposal, actor=request.user))


@extend_schema_view(
    list=extend_schema(responses={200: s.DutySerializer(many=True), **READ_LIST}),
    retrieve=extend_schema(responses={200: s.DutySerializer, **READ_ONE}),
    confirm=extend_schema(
        request=s.UnitChoiceInputSerializer,
        responses={200: s.DutySerializer, **WRITE_ONE},
        description="Confirm a proposed duty, optionally moving it to `unit`; its proposed unit must be confirmed "
        "first.",
    ),
    reject=extend_schema(request=None, responses={200: s.DutySerializer, **WRITE_ONE}),
)
class DutyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationViewSet):
    """The duty catalogue: the duties the regulations give the directorate and its units."""

    queryset = Duty.objects.all()
    serializer_class = s.DutySerializer
    filterset_class = filters.DutyFilter
    action_permissions = {
        "confirm": ("organization.view_duty", "organization.confirm_regulation"),
        "reject": ("organization.view_duty", "organization.confirm_regulation"),
    }

    def get_queryset(self):
        return Duty.objects.all()

    def _decided(self, duty: Duty, count: int) -> Response:
        if not count:
            raise ValidationError({"detail": _ALREADY_DECIDED})
        return self.render(self.get_queryset().get(pk=duty.pk))

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        duty = self.get_object()
        data = self.parse(s.UnitChoiceInputSerializer)
        return self._decided(duty, services.duty_confirm(duties=[duty], actor=request.user, unit=data["unit"]))

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        duty = self.get_object()
        return self._decided(duty, services.duty_reject(duties=[duty], actor=request.user))


# --- the caller --------------------------------------------------------------------------------------
class MeView(GenericAPIView):
    """The calling user: roles, unit, acting deputyships and a summary of permissions."""

    permission_classes = [AuthenticatedWithSecondFactor]
    serializer_class = s.MeSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(responses={200: s.MeSerializer, 401: errors()[401], 403: errors()[403]})
    def get(self, request):
        user = request.user
        person = Person.objects.select_related("unit").filter(pk=user.person_id).first() if user.person_id else None
        acting = [
            {
                "id": d.pk,
                "role": d.role,
                "role_label": role_label(d.role),
                "principal": d.principal_id,
                "unit": d.unit_id,
                "unit_name": d.unit.name,
                "start_date": d.start_date,
                "end_date": d.end_date,
            }
            for d in active_deputyships(user)
        ]
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "full_name": str(user),
            "email": user.email,
            "person": person.pk if person else None,
            "unit": {"id": person.unit_id, "name": person.unit.name} if person else None,
            "roles": [{"code": code, "label": role_label(code)} for code in sorted(user_role_codes(user))],
            "acting": acting,
            "sees_all_units": visible_unit_ids(user) is None,
            "is_it_staff": is_it_staff(user),
            "permissions": sorted(user.get_all_permissions()),
        }
        return Response(s.MeSerializer(data).data)
