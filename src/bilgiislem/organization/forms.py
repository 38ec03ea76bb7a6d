"""Forms of the organisation screens: types, required fields and formats only (rules live in services.py)."""

from django import forms
from django.contrib.auth import password_validation
from django.core.validators import RegexValidator
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _

from bilgiislem.core.turkish import TR_COLLATION

from .models import Municipality, Person, Unit
from .roles import ROLES


class StyledFormMixin:
    """Give widgets their Bootstrap classes, and mark fields with errors ``is-invalid``.

    Render with ``{% include "core/_form_fields.html" %}``.
    """

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


class DateInput(forms.DateInput):
    """The browser's date picker (ISO value on the wire; shown in the user's locale)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# --- directory screens: municipality, units, people, users --------------------------------------------
LOGO_MAX_BYTES = 1024 * 1024
_LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def logo_extension(data: bytes) -> str | None:
    """'png' or 'jpg' from the file's magic bytes, else None (the name and the declared type are not trusted)."""
    for signature, extension in _LOGO_SIGNATURES.items():
        if data.startswith(signature):
            return extension
    return None


class MunicipalityForm(StyledFormMixin, forms.ModelForm):
    detsis_number = forms.CharField(
        label=_("DETSİS number"), max_length=20, required=False,
        validators=[RegexValidator(r"^\d+$", _("The DETSİS number contains digits only."))],
    )
    website = forms.URLField(label=_("web site"), max_length=200, required=False, assume_scheme="https")
    logo = forms.FileField(
        label=_("logo"), required=False, widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("PNG or JPEG, at most 1 MB."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Municipality
        fields = ["name", "detsis_number", "address", "phone", "fax", "email", "kep_address", "website"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo may be at most 1 MB."), code="too_large")
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        extension = logo_extension(head)
        if extension is None:
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."), code="invalid_type")
        upload.logo_extension = extension
        return upload


def _units_for(user):
    return Unit.objects.visible_to(user).order_by(Collate("name", TR_COLLATION), "pk")


class UnitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "kind", "parent", "email", "phone", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = _units_for(user)


class PersonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "title", "unit", "employment_type", "status", "registry_number",
                  "email", "phone", "started_on", "left_on"]
        widgets = {"started_on": DateInput(), "left_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_for(user)


def _role_choices():
    return [(code, role.label) for code, role in ROLES.items()]


class UserRolesForm(StyledFormMixin, forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), required=False, choices=_role_choices, widget=forms.CheckboxSelectMultiple
    )


class UserCreateForm(StyledFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("Username"), max_length=150, regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and @/./+/-/_ only."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty for a directory (LDAP) account or to set the password later."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), required=False, choices=_role_choices, widget=forms.CheckboxSelectMultiple
    )

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            password_validation.validate_password(password)
        return password
