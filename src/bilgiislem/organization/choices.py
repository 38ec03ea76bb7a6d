from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitKind(models.TextChoices):
    DIRECTORATE = "directorate", _("Directorate")
    SUBUNIT = "subunit", _("Sub-unit (chiefdom, office, unit)")
    EXTERNAL = "external", _("Outside body")


class EmploymentType(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant (memur)")
    CONTRACTED = "contracted", _("Contracted staff (sözleşmeli)")
    WORKER = "worker", _("Worker (işçi)")
    COMPANY = "company", _("Company staff (şirket personeli)")
    ELECTED = "elected", _("Elected official")
    OTHER = "other", pgettext_lazy("employment type", "Other")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_LEAVE = "on_leave", _("On leave")
    DEPARTED = "departed", _("Departed")
    DECEASED = "deceased", _("Deceased")


class LeaveStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", _("Annual leave")
    EXCUSE = "excuse", _("Excuse leave")
    SICK = "sick", _("Sick leave")
    OTHER = "other", pgettext_lazy("leave kind", "Other")


class DeputyshipReason(models.TextChoices):
    LEAVE = "leave", _("Leave")
    ASSIGNMENT = "assignment", _("Assignment")
    VACANCY = "vacancy", _("Vacant post")


class DelegationScope(models.TextChoices):
    INTERNAL = "internal", _("Letters between directorates")
    EXTERNAL = "external", _("Letters to outside bodies")
    INFORMATION_REQUEST = "information_request", _("Information-request answers (4982)")
    ALL = "all", _("All correspondence")


class RegulationStatus(models.TextChoices):
    IMPORTED = "imported", _("Imported, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class ProvisionKind(models.TextChoices):
    SECTION = "section", _("Section")
    ARTICLE = "article", _("Article")
    PARAGRAPH = "paragraph", _("Paragraph")
    ITEM = "item", _("Item")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
