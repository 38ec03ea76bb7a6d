"""Shared kernel models: timestamps, the audit chain and the working-calendar overrides."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditLog(models.Model):
    """One append-only audit event. ``hash`` covers the row and the previous row's hash (a chain)."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_repr = models.CharField(_("actor"), max_length=200, blank=True)
    unit_id = models.BigIntegerField(_("unit id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-seq"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="core_audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class AuditChainHead(models.Model):
    """The single row that serialises appends to the audit chain (locked with SELECT … FOR UPDATE)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash[:12]}"


class CalendarOverrideKind(models.TextChoices):
    HOLIDAY = "holiday", _("Official holiday (stops legal deadlines)")
    WORKING_DAY = "working_day", _("Working day (correction: not a holiday)")
    ADMINISTRATIVE_CLOSURE = "closure", _("Administrative closure (offices closed, legal deadlines run)")


class CalendarOverride(TimeStampedModel):
    """A dated correction to the official calendar, or an administrative closure (idari izin)."""

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarOverrideKind.choices)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("e.g. Presidential circular"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date", "kind"]
        constraints = [models.UniqueConstraint(fields=["date", "kind"], name="core_calendar_override_unique")]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.name}"
