"""FilterSets of the organisation app, shared by the screens and the API (shape only, no business rules)."""

import django_filters
from django import forms
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _

from bilgiislem.core.turkish import TR_COLLATION

from .choices import EmploymentType, PersonStatus
from .models import Person, Unit


def _visible_units(request):
    if request is None:
        return Unit.objects.none()
    return Unit.objects.visible_to(request.user).order_by(Collate("name", TR_COLLATION), "pk")


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, surname or title"), "autocomplete": "off"}
        ),
    )
    unit = django_filters.ModelChoiceFilter(queryset=_visible_units, label=_("Unit"), empty_label=_("All units"))
    status = django_filters.ChoiceFilter(choices=PersonStatus.choices, label=_("Status"), empty_label=_("All"))
    employment_type = django_filters.ChoiceFilter(
        choices=EmploymentType.choices, label=_("Employment type"), empty_label=_("All")
    )

    class Meta:
        model = Person
        fields = ["q", "unit", "status", "employment_type"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
