"""Municipality, units, people, users, deputyships, leave and the regulation with its duty catalogue."""

import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bilgiislem.core.models import TimeStampedModel
from bilgiislem.core.turkish import search_key

from .choices import (
    DelegationScope,
    DeputyshipReason,
    EmploymentType,
    LeaveKind,
    LeaveStatus,
    PersonStatus,
    ProposalStatus,
    ProvisionKind,
    RegulationStatus,
    UnitKind,
)
from .querysets import PersonQuerySet, UnitQuerySet, UnitScopedQuerySet


class Municipality(TimeStampedModel):
    """The single municipality this deployment serves (one deployment per municipality)."""

    name = models.CharField(_("name"), max_length=200)
    detsis_number = models.CharField(
        _("DETSİS number"),
        max_length=20,
        blank=True,
        help_text=_("Administrative unit code of the municipality in DETSİS, used in the letter number."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    kep_address = models.CharField(_("KEP address"), max_length=200, blank=True)
    website = models.CharField(_("web site"), max_length=200, blank=True)
    logo = models.FileField(_("logo"), upload_to="municipality/", blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipality")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "Municipality | None":
        return cls.objects.order_by("pk").first()


class Unit(TimeStampedModel):
    """A directorate of the municipality, a sub-unit of the IT directorate, or an outside body."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.CharField(_("code"), max_length=30, blank=True, help_text=_("DETSİS or internal code"))
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.DIRECTORATE)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_it_directorate = models.BooleanField(_("IT directorate"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    search_key = models.CharField(max_length=200, editable=False, db_index=True, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "name", "pk"]
        permissions = [("view_all_units", _("Can see the records of every unit"))]
        constraints = [
            models.UniqueConstraint(
                fields=["is_it_directorate"],
                condition=Q(is_it_directorate=True),
                name="organization_one_it_directorate",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)


class Person(TimeStampedModel):
    """A member of staff of the municipality (or a contact of an outside body)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("title"), max_length=150, blank=True, help_text=_("e.g. Bilgisayar İşletmeni"))
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.CIVIL_SERVANT
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    status = models.CharField(_("status"), max_length=20, choices=PersonStatus.choices, default=PersonStatus.ACTIVE)
    registry_number = models.CharField(_("registry number"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    search_key = models.CharField(max_length=220, editable=False, db_index=True, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs):
        self.search_key = search_key(f"{self.first_name} {self.last_name} {self.title}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)


def normalize_login(username: str) -> str:
    """Usernames are identifiers: stored in lower case and compared exactly ("Ayse.Yilmaz" == "ayse.yilmaz").

    Comparing with ``iexact`` is not portable: on a Turkish-locale PostgreSQL ``UPPER('deniz')`` is ``'DENİZ'``.
    """
    return unicodedata.normalize("NFKC", username or "").strip().replace("İ", "i").lower()


class LoginUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: normalize_login(username)})


class User(AbstractUser):
    """A login. Roles are Django groups (see roles.py); the unit comes from the linked person."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="user"
    )

    objects = LoginUserManager()

    @classmethod
    def normalize_username(cls, username):
        return normalize_login(username)

    def save(self, *args, **kwargs):
        self.username = normalize_login(self.username)
        super().save(*args, **kwargs)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        if self.person_id:
            return self.person.full_name
        return self.get_full_name() or self.username

    @property
    def unit_id(self) -> int | None:
        return self.person.unit_id if self.person_id else None


class Deputyship(TimeStampedModel):
    """Acting authority (vekâlet): ``deputy`` holds ``role`` of ``principal`` for a date range."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("principal"),
        on_delete=models.PROTECT,
        related_name="deputyships_given",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="deputyships_held"
    )
    role = models.CharField(_("role"), max_length=40)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="deputyships")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    reason = models.CharField(_("reason"), max_length=20, choices=DeputyshipReason.choices)
    leave = models.OneToOneField(
        "LeavePlan", verbose_name=_("leave"), null=True, blank=True, on_delete=models.PROTECT, related_name="deputyship"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputyship")
        verbose_name_plural = _("deputyships")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="organization_deputy_range"),
            models.CheckConstraint(condition=~Q(principal=models.F("deputy")), name="organization_deputy_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} → {self.role} ({self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y})"


class SignatureDelegation(TimeStampedModel):
    """Delegated signature authority (imza yetkisi devri), e.g. the mayor to a deputy mayor."""

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegator"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("delegate"), on_delete=models.PROTECT, related_name="delegations_held"
    )
    scope = models.CharField(_("scope"), max_length=30, choices=DelegationScope.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Empty: until revoked"))
    decision_reference = models.CharField(
        _("decision reference"),
        max_length=200,
        blank=True,
        help_text=_("Signature authority directive, date and number"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature delegation")
        verbose_name_plural = _("signature delegations")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(delegator=models.F("delegate")), name="organization_delegation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate} ({self.get_scope_display()})"


class LeavePlan(TimeStampedModel):
    """A planned leave of a person: proposed by a chief, approved by the director (K9 g, Ka9 f)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="leave_plans")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="leave_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=LeaveKind.choices, default=LeaveKind.ANNUAL)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    working_days = models.PositiveSmallIntegerField(_("working days"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=LeaveStatus.choices, default=LeaveStatus.PROPOSED)
    acting = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acting during leave"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave plan")
        verbose_name_plural = _("leave plans")
        ordering = ["start_date", "pk"]
        permissions = [("approve_leaveplan", _("Can approve or reject leave plans"))]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="organization_leave_range"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"


class LeavePlanEvent(models.Model):
    """History of a leave plan: one row per transition."""

    leave = models.ForeignKey(LeavePlan, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("leave plan event")
        verbose_name_plural = _("leave plan events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.leave_id} {self.kind}"


class Regulation(TimeStampedModel):
    """A regulation text (the directorate's own, or another directorate's under review)."""

    title = models.CharField(_("title"), max_length=400)
    source_name = models.CharField(_("source file"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=20, choices=RegulationStatus.choices, default=RegulationStatus.IMPORTED
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regulations",
        help_text=_("The directorate the regulation organises."),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        ordering = ["-created_at", "pk"]
        permissions = [("confirm_regulation", _("Can confirm the units and duties proposed by a regulation"))]

    def __str__(self) -> str:
        return self.title


class Provision(models.Model):
    """A node of a regulation: section, article, paragraph or lettered item."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(_("kind"), max_length=20, choices=ProvisionKind.choices)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=10, blank=True)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["regulation", "position"]

    def __str__(self) -> str:
        if self.kind == ProvisionKind.ARTICLE:
            return f"Madde {self.number}"
        return self.label or str(self.number or "")


class UnitProposal(models.Model):
    """A unit the regulation names; a person confirms it (creating or matching a ``Unit``) or rejects it."""

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="unit_proposals")
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("proposed unit")
        verbose_name_plural = _("proposed units")
        ordering = ["regulation", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Duty(TimeStampedModel):
    """One entry of the duty catalogue: a duty the regulation gives the directorate or one of its units."""

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("regulation"), on_delete=models.PROTECT, related_name="duties"
    )
    provision = models.ForeignKey(
        Provision, verbose_name=_("provision"), on_delete=models.PROTECT, related_name="duties"
    )
    unit_proposal = models.ForeignKey(
        UnitProposal, null=True, blank=True, on_delete=models.PROTECT, related_name="duties"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duties",
        help_text=_("Empty: a duty of the directorate as a whole."),
    )
    article = models.PositiveIntegerField(_("article"))
    label = models.CharField(_("item"), max_length=10)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    search_key = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["regulation", "article", "provision__position", "pk"]

    def __str__(self) -> str:
        return f"M{self.article}/{self.label}) {self.text[:80]}"

    @property
    def code(self) -> str:
        return f"M{self.article}/{self.label}"

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.text)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)
