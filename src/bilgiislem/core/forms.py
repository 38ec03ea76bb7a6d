"""Shape-only forms of the core screens (rules live in services and in core.calendar)."""

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from . import calendar
from .models import CalendarOverride


class StyledFormMixin:
    """Bootstrap classes on every widget, ``is-invalid`` on fields with errors (for core/_form_fields.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def form_add_service_error(form: forms.Form, exc: Exception) -> None:
    """Show a service's RuleViolation or ValidationError on the form: on its field when the form has it."""
    from django.core.exceptions import ValidationError

    from .exceptions import RuleViolation

    if isinstance(exc, RuleViolation):
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
    elif isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class DateInput(forms.DateInput):
    """The browser's date picker (ISO value on the wire)."""

    input_type = "date"

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, format="%Y-%m-%d", **kwargs)


class CalendarOverrideForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "name", "source"]
        widgets = {"date": DateInput()}


BASIS_CHOICES = [
    ("", _("— none: give days and kind —")),
    ("4982", _("Law 4982 (information request): 15 working days")),
    ("4982-extended", _("Law 4982, extended: 30 working days")),
    ("3071", _("Law 3071 (petition): 30 calendar days")),
]
KIND_CHOICES = [
    ("", "—"),
    (calendar.PeriodKind.WORKING.value, _("working days")),
    (calendar.PeriodKind.CALENDAR.value, _("calendar days")),
]


class DeadlineForm(StyledFormMixin, forms.Form):
    start = forms.DateField(
        label=_("Start (registration) date"),
        widget=DateInput(),
        help_text=_("Counting begins on the day after this date."),
    )
    basis = forms.ChoiceField(label=_("Legal basis"), choices=BASIS_CHOICES, required=False)
    days = forms.IntegerField(
        label=_("Days"), required=False, min_value=calendar.MIN_PERIOD_DAYS, max_value=calendar.MAX_PERIOD_DAYS
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["period"] = calendar.resolve_period(
                data.get("start"), data.get("days"), data.get("kind") or None, data.get("basis") or None
            )
        except calendar.PeriodError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
        return data


def _object_type_choices():
    choices = [
        (model._meta.label_lower, f"{model._meta.verbose_name} ({model._meta.label_lower})")
        for model in apps.get_models()
        if model.__module__.startswith("bilgiislem.")
    ]
    return [("", _("any")), *sorted(choices, key=lambda c: c[0])]


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.get_username()})" if obj.person_id else obj.get_username()


class AuditFilterForm(StyledFormMixin, forms.Form):
    actor = ActorChoiceField(label=_("Actor"), queryset=None, required=False, empty_label=_("anyone"))
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=80,
        help_text=_("Beginning of the action, e.g. leave. or leave.approve"),
    )
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    q = forms.CharField(
        label=_("Object"), required=False, max_length=100, help_text=_("Part of the object's name, or its id")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = get_user_model().objects.select_related("person").order_by("username")
        self.fields["object_type"].choices = _object_type_choices()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
