"""Forms of the organisation screens: types, required fields and formats only (rules live in services.py)."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import RegexValidator
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bilgiislem.core.forms import DateInput, StyledFormMixin
from bilgiislem.core.turkish import TR_COLLATION

from .models import Municipality, Person, Unit, User
from .roles import ROLES

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
        label=_("DETSİS number"),
        max_length=20,
        required=False,
        validators=[RegexValidator(r"^\d+$", _("The DETSİS number contains digits only."))],
    )
    website = forms.URLField(label=_("web site"), max_length=200, required=False, assume_scheme="https")
    logo = forms.FileField(
        label=_("logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
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
        fields = [
            "first_name",
            "last_name",
            "title",
            "unit",
            "employment_type",
            "status",
            "registry_number",
            "email",
            "phone",
            "started_on",
            "left_on",
        ]
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
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("Letters, digits and @/./+/-/_ only."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
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


# --- leave plans, deputyships, signature delegations, regulations (views/leave.py, deputyship.py, regulation.py) ---
def _user_label(user) -> str:
    if user.person_id:
        return f"{user.person.full_name} ({user.person.unit})" if user.person.unit_id else user.person.full_name
    return user.get_full_name() or user.username


class UserChoiceField(forms.ModelChoiceField):
    """Users shown as "Name Surname (Unit)"; pass a queryset with ``select_related("person__unit")``."""

    def label_from_instance(self, obj):
        return _user_label(obj)


class UserWithRolesChoiceField(UserChoiceField):
    """Users shown with their roles, so the role of a deputyship can be picked among the principal's own."""

    def label_from_instance(self, obj):
        codes = [g.name for g in obj.groups.all()]  # prefetch_related("groups")
        labels = ", ".join(str(ROLES[c].label) for c in ROLES if c in codes)
        return f"{_user_label(obj)} — {labels}" if labels else _user_label(obj)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.unit})"


class LeaveFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, units, **kwargs):
        from .choices import LeaveStatus

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["status"].choices = [("", _("All")), *LeaveStatus.choices]


class LeaveProposeForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("Kind"))
    start_date = forms.DateField(label=_("First day of leave"), widget=DateInput())
    end_date = forms.DateField(label=_("Last day of leave"), widget=DateInput())
    acting = UserChoiceField(
        label=_("Acting during the leave"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For a director, chief or unit lead: the person who holds their role while they are away."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people, acting_users, **kwargs):
        from .choices import LeaveKind

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["acting"].queryset = acting_users
        self.fields["kind"].choices = LeaveKind.choices


class LeaveDecisionForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LeaveRejectForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Reason for rejection"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DeputyshipForm(StyledFormMixin, forms.Form):
    principal = UserWithRolesChoiceField(
        label=_("Principal"), queryset=User.objects.none(), help_text=_("The person who is away.")
    )
    role = forms.ChoiceField(label=_("Role"), help_text=_("One of the principal's roles."))
    deputy = UserChoiceField(
        label=_("Deputy"), queryset=User.objects.none(), help_text=_("The person who holds the role meanwhile.")
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, users, **kwargs):
        from .choices import DeputyshipReason

        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = users.prefetch_related("groups")
        self.fields["deputy"].queryset = users
        self.fields["role"].choices = [(code, role.label) for code, role in ROLES.items()]
        self.fields["reason"].choices = DeputyshipReason.choices


class DeputyshipCancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class SignatureDelegationForm(StyledFormMixin, forms.Form):
    delegator = UserChoiceField(
        label=_("Delegator"), queryset=User.objects.none(), help_text=_("Whose signature authority is delegated.")
    )
    delegate = UserChoiceField(label=_("Delegate"), queryset=User.objects.none())
    scope = forms.ChoiceField(label=_("Scope"))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(
        label=_("End date"), widget=DateInput(), required=False, help_text=_("Empty: until revoked")
    )
    decision_reference = forms.CharField(
        label=_("Decision reference"),
        max_length=200,
        required=False,
        help_text=_("Signature authority directive, date and number"),
    )

    def __init__(self, *args, delegators, delegates, **kwargs):
        from .choices import DelegationScope

        super().__init__(*args, **kwargs)
        self.fields["delegator"].queryset = delegators
        self.fields["delegate"].queryset = delegates
        self.fields["scope"].choices = DelegationScope.choices
        if delegators.count() == 1:
            self.fields["delegator"].initial = delegators.first().pk
            self.fields["delegator"].empty_label = None


REGULATION_MAX_BYTES = 1024 * 1024
_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf", b"\x89PNG", b"\xff\xd8\xff")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def _check_plain_text(text: str) -> None:
    """Refuse text that is really binary: NUL bytes, or more than 1 % control characters."""
    if "\x00" in text:
        raise forms.ValidationError(_("The file is not a plain text file."), code="binary")
    controls = sum(1 for ch in text if (ord(ch) < 32 or 127 <= ord(ch) < 160) and ch not in _ALLOWED_CONTROLS)
    if controls > max(5, len(text) // 100):
        raise forms.ValidationError(_("The file is not a plain text file."), code="binary")


def decode_regulation_text(data: bytes) -> str:
    """The text of an uploaded regulation: UTF-8 (with or without a BOM) or Windows Turkish (cp1254), at most
    1 MB, not binary. Raises ValidationError."""
    if len(data) > REGULATION_MAX_BYTES:
        raise forms.ValidationError(_("The file may be at most 1 MB."), code="too_large")
    if not data.strip():
        raise forms.ValidationError(_("The file is empty."), code="empty")
    if data.startswith(_BINARY_SIGNATURES):
        raise forms.ValidationError(
            _("This is not a plain text file. Save the regulation as plain text (.txt) and upload that."), code="binary"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1254")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is neither UTF-8 nor Windows Turkish (cp1254) text."), code="encoding"
            ) from None
    _check_plain_text(text)
    return text


def _directorates():
    from .choices import UnitKind

    return Unit.objects.filter(kind=UnitKind.DIRECTORATE, is_active=True).order_by(
        "-is_it_directorate", Collate("name", TR_COLLATION), "pk"
    )


class RegulationUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Regulation text"),
        widget=forms.FileInput(attrs={"accept": ".txt,text/plain"}),
        help_text=_("A plain text (.txt) file, UTF-8 or Windows Turkish, at most 1 MB."),
    )
    title = forms.CharField(
        label=pgettext_lazy("regulation", "Title"),
        max_length=400,
        required=False,
        help_text=_("Empty: the title read from the text."),
    )
    unit = forms.ModelChoiceField(
        label=_("Directorate"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("The IT directorate"),
        help_text=_("The directorate the regulation organises."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _directorates()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".txt"):
            raise forms.ValidationError(_("Upload a .txt file."), code="extension")
        if upload.size > REGULATION_MAX_BYTES:
            raise forms.ValidationError(_("The file may be at most 1 MB."), code="too_large")
        upload.seek(0)
        upload.text = decode_regulation_text(upload.read(REGULATION_MAX_BYTES + 1))
        return upload


class RegulationApplyForm(StyledFormMixin, forms.Form):
    """The second step: the previewed text comes back in a hidden field and is parsed again."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=REGULATION_MAX_BYTES)
    source_name = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)
    title = forms.CharField(widget=forms.HiddenInput, max_length=400, required=False)
    unit = forms.ModelChoiceField(widget=forms.HiddenInput, queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _directorates()

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8")) > REGULATION_MAX_BYTES * 2:  # cp1254 text grows when re-encoded as UTF-8
            raise forms.ValidationError(_("The file may be at most 1 MB."), code="too_large")
        _check_plain_text(text)
        return text


class UnitProposalConfirmForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("Create it as a new sub-unit")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DutySearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


# --- account: login, password change, second factor (views/account.py) ----------------------------------
class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not correct."),
        "inactive": _("This account is not active."),
        "directory_unavailable": _(
            "The directory service (LDAP / Active Directory) cannot be reached, so you cannot sign in with your "
            "directory password right now. Try again in a few minutes or call the IT help desk."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].label = _("Password")

    def get_invalid_login_error(self):
        from .auth import directory_unavailable

        if self.request is not None and directory_unavailable(self.request):
            return forms.ValidationError(self.error_messages["directory_unavailable"], code="directory_unavailable")
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class AccountPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    """The old password and the new one twice; the validators of AUTH_PASSWORD_VALIDATORS apply."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Your current password is not correct."),
        "password_mismatch": _("The two new passwords are not the same."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password (again)")

    def save(self, commit=True):  # the view calls auth.user_password_change, which audits
        raise NotImplementedError("use bilgiislem.organization.auth.user_password_change")


class OtpCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "autofocus": True}
        ),
    )


class OtpResetForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the phone was lost or replaced."),
    )
