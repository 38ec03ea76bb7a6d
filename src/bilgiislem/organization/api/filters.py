"""FilterSets of the organisation API. Ids are plain numbers: the base queryset is already scoped, so an
out-of-scope id simply matches nothing. Text search uses the Turkish search key (İ/ı and ASCII folding)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from bilgiislem.core.turkish import search_key
from bilgiislem.organization.choices import (
    DelegationScope,
    DeputyshipReason,
    EmploymentType,
    LeaveKind,
    LeaveStatus,
    PersonStatus,
    ProposalStatus,
    RegulationStatus,
    UnitKind,
)
from bilgiislem.organization.models import (
    Deputyship,
    Duty,
    LeavePlan,
    Person,
    Regulation,
    SignatureDelegation,
    Unit,
    UnitProposal,
    User,
)
from bilgiislem.organization.roles import ROLES


class IdFilter(django_filters.NumberFilter):
    """An integer (the default NumberFilter takes decimals). No bounds: an id that matches nothing gives an
    empty page, and out-of-range integers match nothing either."""

    field_class = forms.IntegerField


def _words_filter(queryset, field: str, value: str):
    q = Q()
    for word in search_key(value).split():
        q &= Q(**{f"{field}__contains": word})
    return queryset.filter(q)


class UnitFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)
    parent = IdFilter(field_name="parent_id")
    is_active = django_filters.BooleanFilter()
    search = django_filters.CharFilter(method="filter_search", max_length=100)

    class Meta:
        model = Unit
        fields = ["kind", "parent", "is_active", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class PersonFilter(django_filters.FilterSet):
    unit = IdFilter(field_name="unit_id")
    status = django_filters.ChoiceFilter(choices=PersonStatus.choices)
    employment_type = django_filters.ChoiceFilter(choices=EmploymentType.choices)
    search = django_filters.CharFilter(method="filter_search", max_length=100)

    class Meta:
        model = Person
        fields = ["unit", "status", "employment_type", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class UserFilter(django_filters.FilterSet):
    unit = IdFilter(field_name="person__unit_id")
    role = django_filters.ChoiceFilter(field_name="groups__name", choices=[(c, c) for c in ROLES])
    is_active = django_filters.BooleanFilter()
    search = django_filters.CharFilter(method="filter_search", max_length=100)

    class Meta:
        model = User
        fields = ["unit", "role", "is_active", "search"]

    def filter_search(self, queryset, name, value):
        key = search_key(value)
        if not key:
            return queryset
        return queryset.filter(Q(username__icontains=value.strip()) | Q(person__search_key__contains=key))


class _CurrentFilterMixin:
    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        q = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
        q &= Q(**{f"{self.cancel_field}__isnull": True})
        return queryset.filter(q) if value else queryset.exclude(q)


class DeputyshipFilter(_CurrentFilterMixin, django_filters.FilterSet):
    cancel_field = "cancelled_at"
    principal = IdFilter(field_name="principal_id")
    deputy = IdFilter(field_name="deputy_id")
    unit = IdFilter(field_name="unit_id")
    role = django_filters.ChoiceFilter(choices=[(c, c) for c in ROLES])
    reason = django_filters.ChoiceFilter(choices=DeputyshipReason.choices)
    current = django_filters.BooleanFilter(method="filter_current")

    class Meta:
        model = Deputyship
        fields = ["principal", "deputy", "unit", "role", "reason", "current"]


class SignatureDelegationFilter(_CurrentFilterMixin, django_filters.FilterSet):
    cancel_field = "revoked_at"
    delegator = IdFilter(field_name="delegator_id")
    delegate = IdFilter(field_name="delegate_id")
    scope = django_filters.ChoiceFilter(choices=DelegationScope.choices)
    current = django_filters.BooleanFilter(method="filter_current")

    class Meta:
        model = SignatureDelegation
        fields = ["delegator", "delegate", "scope", "current"]


class LeavePlanFilter(django_filters.FilterSet):
    person = IdFilter(field_name="person_id")
    unit = IdFilter(field_name="unit_id")
    status = django_filters.ChoiceFilter(choices=LeaveStatus.choices)
    kind = django_filters.ChoiceFilter(choices=LeaveKind.choices)
    year = IdFilter()

    class Meta:
        model = LeavePlan
        fields = ["person", "unit", "status", "kind", "year"]


class RegulationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RegulationStatus.choices)
    unit = IdFilter(field_name="unit_id")

    class Meta:
        model = Regulation
        fields = ["status", "unit"]


class UnitProposalFilter(django_filters.FilterSet):
    regulation = IdFilter(field_name="regulation_id")
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)

    class Meta:
        model = UnitProposal
        fields = ["regulation", "status"]


class DutyFilter(django_filters.FilterSet):
    regulation = IdFilter(field_name="regulation_id")
    unit = IdFilter(field_name="unit_id")
    status = django_filters.ChoiceFilter(choices=ProposalStatus.choices)
    article = IdFilter()
    search = django_filters.CharFilter(method="filter_search", max_length=100)

    class Meta:
        model = Duty
        fields = ["regulation", "unit", "status", "article", "search"]

    def filter_search(self, queryset, name, value):
        return _words_filter(queryset, "search_key", value)
