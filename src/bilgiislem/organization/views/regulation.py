"""The regulation as data: import a regulation text, confirm the units and duties it proposes, and the
duty catalogue every later module links its work to.

URLs under /teskilat/yonetmelikler/ and /teskilat/gorevler/. Import is two steps: the uploaded text is parsed
and previewed (counts, errors with their line number), then sent back and parsed again to be applied through
``services.regulation_import``. The parser is ``organization.regulation_reader.parse``.
"""

import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Collate
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from bilgiislem.core.exceptions import RuleViolation
from bilgiislem.core.turkish import TR_COLLATION, search_key, tr_lower, tr_sort_key

from .. import services
from ..choices import ProposalStatus, ProvisionKind, UnitKind
from ..forms import DutySearchForm, RegulationApplyForm, RegulationUploadForm, UnitProposalConfirmForm
from ..models import Duty, Provision, Regulation, Unit, UnitProposal


# --- parsing -----------------------------------------------------------------------------------------
@dataclass
class ParseOutcome:
    parsed: dict | None = None
    error: str = ""
    line: int | None = None

    @property
    def ok(self) -> bool:
        return self.parsed is not None


def normalise_newlines(text: str) -> str:
    """One line-ending convention, so the preview and the applied text (sent back by the browser, which may
    turn LF into CRLF) are parsed identically and report the same line numbers."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_regulation(text: str) -> ParseOutcome:
    try:
        from ..regulation_reader import RegulationParseError, parse
    except ImportError:  # the reader ships separately; without it nothing can be imported
        return ParseOutcome(error=str(_("The regulation reader is not available.")))
    try:
        return ParseOutcome(parsed=parse(text))
    except RegulationParseError as exc:
        return ParseOutcome(error=str(getattr(exc, "message", exc)), line=getattr(exc, "line", None))


def parse_summary(parsed: dict) -> dict:
    """Counts and the proposed units (with how many duties each) for the preview."""
    articles = parsed.get("articles", [])
    paragraphs = [p for a in articles for p in a.get("paragraphs", [])]
    duties = parsed.get("duties", [])
    per_unit: dict[str, int] = {}
    for duty in duties:
        per_unit[duty.get("unit") or ""] = per_unit.get(duty.get("unit") or "", 0) + 1
    units = [{"name": u["name"], "duties": per_unit.get(u["name"], 0)} for u in parsed.get("units", [])]
    warnings = []
    for warning in parsed.get("warnings", []) or []:
        if isinstance(warning, dict):
            warnings.append({"message": warning.get("message", ""), "line": warning.get("line")})
        elif isinstance(warning, (tuple, list)) and len(warning) == 2:
            warnings.append({"message": warning[0], "line": warning[1]})
        else:
            warnings.append({"message": str(warning), "line": getattr(warning, "line", None)})
    return {
        "title": parsed.get("title", ""),
        "articles": len(articles),
        "paragraphs": len(paragraphs),
        "items": sum(len(p.get("items", [])) for p in paragraphs),
        "units": units,
        "duties": len(duties),
        "general_duties": per_unit.get("", 0),
        "warnings": warnings,
    }


# --- reads (selectors of these screens) --------------------------------------------------------------
def regulation_list_qs() -> QuerySet[Regulation]:
    return (
        Regulation.objects.select_related("unit", "imported_by__person")
        .annotate(
            duty_count=Count("duties", filter=Q(duties__status=ProposalStatus.CONFIRMED), distinct=True),
            proposed_duty_count=Count("duties", filter=Q(duties__status=ProposalStatus.PROPOSED), distinct=True),
            proposed_unit_count=Count(
                "unit_proposals", filter=Q(unit_proposals__status=ProposalStatus.PROPOSED), distinct=True
            ),
        )
        .order_by("-created_at", "pk")
    )


def provision_rows(regulation: Regulation) -> list[tuple[Provision, int]]:
    """The provision tree as (node, depth) rows in document order (one query)."""
    nodes = list(regulation.provisions.order_by("position", "pk"))
    children: dict[int | None, list[Provision]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    rows: list[tuple[Provision, int]] = []

    def walk(node: Provision, depth: int) -> None:
        rows.append((node, depth))
        for child in children.get(node.pk, []):
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    return rows


@dataclass
class DutyGroup:
    proposal: UnitProposal | None
    unit: Unit | None
    duties: list[Duty] = field(default_factory=list)

    @property
    def proposed(self) -> list[Duty]:
        return [d for d in self.duties if d.status == ProposalStatus.PROPOSED]

    @property
    def key(self) -> str:
        return str(self.proposal.pk) if self.proposal else "general"


def duty_groups(regulation: Regulation, proposals: list[UnitProposal]) -> list[DutyGroup]:
    """The regulation's duties grouped by the unit the text gives them to (directorate-wide duties first)."""
    groups = {None: DutyGroup(proposal=None, unit=regulation.unit)}
    for proposal in proposals:
        groups[proposal.pk] = DutyGroup(proposal=proposal, unit=proposal.unit)
    duties = regulation.duties.select_related("unit").order_by("article", "provision__position", "pk")
    for duty in duties:
        group = groups.get(duty.unit_proposal_id) or groups[None]
        group.duties.append(duty)
    return [g for g in groups.values() if g.duties]


def matching_units(regulation: Regulation) -> QuerySet[Unit]:
    """Units a proposed unit may be matched with: the sub-units of the regulation's directorate."""
    qs = Unit.objects.filter(is_active=True)
    qs = qs.filter(parent=regulation.unit) if regulation.unit_id else qs.filter(kind=UnitKind.DIRECTORATE)
    return qs.order_by(Collate("name", TR_COLLATION), "pk")


def regulation_get(pk: int) -> Regulation:
    return get_object_or_404(Regulation.objects.select_related("unit", "imported_by__person"), pk=pk)


_CODE = re.compile(r"^(?:m|madde)?\s*(\d+)\s*(?:[/ ]\s*([a-zçğıöşü]{1,3})\)?)?$")


def duty_catalogue(*, query: str = "", unit: Unit | None = None) -> QuerySet[Duty]:
    """Confirmed duties; ``query`` is either a code ("M7", "M7/c", "7 c") or words (Turkish-folded, all must match)."""
    qs = Duty.objects.filter(status=ProposalStatus.CONFIRMED).select_related("unit", "regulation__unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    query = query.strip()
    code = _CODE.match(tr_lower(query)) if query else None
    if code:
        qs = qs.filter(article=int(code.group(1)))
        if code.group(2):
            qs = qs.filter(label=code.group(2))
    elif query:
        for word in search_key(query).split():
            qs = qs.filter(search_key__contains=word)
    return qs.order_by("regulation_id", "article", "provision__position", "pk")


@dataclass
class CatalogueGroup:
    unit: Unit | None
    directorate: Unit | None
    duties: list[Duty] = field(default_factory=list)


def duty_catalogue_groups(duties: QuerySet[Duty]) -> list[CatalogueGroup]:
    """Directorate-wide duties first, then each unit's, units in Turkish alphabetical order."""
    groups: dict[int | None, CatalogueGroup] = {}
    for duty in duties:
        group = groups.get(duty.unit_id)
        if group is None:
            group = groups[duty.unit_id] = CatalogueGroup(unit=duty.unit, directorate=duty.regulation.unit)
        group.duties.append(duty)

    def order(group: CatalogueGroup):
        if group.unit is None:
            return (0, ())
        return (1 if group.unit.kind == UnitKind.DIRECTORATE else 2, tr_sort_key(group.unit.name))

    return sorted(groups.values(), key=order)


# --- regulations -------------------------------------------------------------------------------------
@login_required
@permission_required("organization.view_regulation", raise_exception=True)
def regulation_list(request):
    context = {
        "regulations": regulation_list_qs(),
        "can_import": request.user.has_perm("organization.add_regulation"),
    }
    return render(request, "organization/regulation_list.html", context)


def _preview(request, *, text: str, source_name: str, title: str, unit: Unit | None, upload_form=None):
    outcome = parse_regulation(text)
    apply_form = RegulationApplyForm(
        initial={"text": text, "source_name": source_name, "title": title, "unit": unit.pk if unit else None}
    )
    context = {
        "outcome": outcome,
        "summary": parse_summary(outcome.parsed) if outcome.ok else None,
        "apply_form": apply_form,
        "source_name": source_name,
        "title": title,
        "unit": unit,
        "line_count": text.count("\n") + 1,
        "upload_form": upload_form,
    }
    return render(request, "organization/regulation_import.html", context)


@login_required
@permission_required("organization.add_regulation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def regulation_import(request):
    if request.method == "POST" and "apply" in request.POST:
        apply_form = RegulationApplyForm(request.POST)
        if not apply_form.is_valid():
            upload_form = RegulationUploadForm()
            upload_form.add_error(None, _("The previewed text could not be read back. Upload the file again."))
            return render(request, "organization/regulation_import.html", {"upload_form": upload_form})
        data = apply_form.cleaned_data
        text = normalise_newlines(data["text"])
        outcome = parse_regulation(text)
        if outcome.ok:
            parsed = {**outcome.parsed, "title": data["title"] or outcome.parsed.get("title", "")}
            try:
                regulation = services.regulation_import(
                    actor=request.user, parsed=parsed, text=text, source_name=data["source_name"], unit=data["unit"]
                )
            except RuleViolation as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The regulation was imported. Confirm its units and duties below."))
                return redirect("organization:regulation_detail", pk=regulation.pk)
        return _preview(request, text=text, source_name=data["source_name"], title=data["title"], unit=data["unit"])

    upload_form = RegulationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        return _preview(
            request,
            text=normalise_newlines(upload.text),
            source_name=upload.name[:200],
            title=upload_form.cleaned_data["title"],
            unit=upload_form.cleaned_data["unit"],
        )
    return render(request, "organization/regulation_import.html", {"upload_form": upload_form})


@login_required
@permission_required("organization.view_regulation", raise_exception=True)
def regulation_detail(request, pk: int):
    regulation = regulation_get(pk)
    proposals = list(regulation.unit_proposals.select_related("unit").order_by("position", "pk"))
    can_confirm = request.user.has_perm("organization.confirm_regulation")
    if can_confirm:
        units = matching_units(regulation)
        for proposal in proposals:
            if proposal.status == ProposalStatus.PROPOSED:
                match = next((u for u in units if search_key(u.name) == search_key(proposal.name)), None)
                proposal.confirm_form = UnitProposalConfirmForm(
                    units=units, prefix=f"p{proposal.pk}", initial={"unit": match.pk if match else None}
                )
    context = {
        "regulation": regulation,
        "proposals": proposals,
        "groups": duty_groups(regulation, proposals),
        "provisions": provision_rows(regulation),
        "article_kind": ProvisionKind.ARTICLE,
        "paragraph_kind": ProvisionKind.PARAGRAPH,
        "section_kind": ProvisionKind.SECTION,
        "can_confirm": can_confirm,
        "proposed_status": ProposalStatus.PROPOSED,
    }
    return render(request, "organization/regulation_detail.html", context)


@login_required
@permission_required("organization.confirm_regulation", raise_exception=True)
@require_POST
def unit_proposal_confirm(request, pk: int, proposal_pk: int):
    regulation = regulation_get(pk)
    proposal = get_object_or_404(UnitProposal, pk=proposal_pk, regulation=regulation)
    form = UnitProposalConfirmForm(request.POST, units=matching_units(regulation), prefix=f"p{proposal.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed units, or none to create a new sub-unit."))
    else:
        try:
            proposal = services.unit_proposal_confirm(
                proposal=proposal, actor=request.user, unit=form.cleaned_data["unit"]
            )
        except RuleViolation as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("{name} was confirmed as {unit}.").format(name=proposal.name, unit=proposal.unit)
            )
    return redirect(f"{regulation_detail_url(regulation)}#units")


@login_required
@permission_required("organization.confirm_regulation", raise_exception=True)
@require_POST
def unit_proposal_reject(request, pk: int, proposal_pk: int):
    regulation = regulation_get(pk)
    proposal = get_object_or_404(UnitProposal, pk=proposal_pk, regulation=regulation)
    try:
        services.unit_proposal_reject(proposal=proposal, actor=request.user)
    except RuleViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("{name} was rejected.").format(name=proposal.name))
    return redirect(f"{regulation_detail_url(regulation)}#units")


def regulation_detail_url(regulation: Regulation) -> str:
    return reverse("organization:regulation_detail", kwargs={"pk": regulation.pk})


@login_required
@permission_required("organization.confirm_regulation", raise_exception=True)
@require_POST
def duty_decide(request, pk: int):
    """Bulk decision: ``action=confirm|reject`` on the ticked duties (``duty``), or ``action=confirm_all`` on every
    proposed duty of one group (``group_duty``)."""
    regulation = regulation_get(pk)
    action = request.POST.get("action")
    names = "group_duty" if action == "confirm_all" else "duty"
    ids = [int(v) for v in request.POST.getlist(names) if v.isdigit()]
    duties = list(regulation.duties.filter(pk__in=ids, status=ProposalStatus.PROPOSED))
    if action not in {"confirm", "confirm_all", "reject"}:
        messages.error(request, _("Unknown action."))
    elif not duties:
        messages.warning(request, _("No proposed duty was selected."))
    else:
        try:
            if action in {"confirm", "confirm_all"}:
                count = services.duty_confirm(duties=duties, actor=request.user)
                messages.success(request, _("{count} duties were confirmed.").format(count=count))
            else:
                count = services.duty_reject(duties=duties, actor=request.user)
                messages.success(request, _("{count} duties were rejected.").format(count=count))
        except RuleViolation as exc:
            messages.error(request, str(exc))
    return redirect(f"{regulation_detail_url(regulation)}#duties")


# --- duty catalogue ----------------------------------------------------------------------------------
@login_required
@permission_required("organization.view_duty", raise_exception=True)
def duty_list(request):
    units = (
        Unit.objects.filter(duties__status=ProposalStatus.CONFIRMED)
        .distinct()
        .order_by(Collate("name", TR_COLLATION), "pk")
    )
    form = DutySearchForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    duties = duty_catalogue(query=filters.get("q", ""), unit=filters.get("unit"))
    groups = duty_catalogue_groups(duties)
    context = {
        "form": form,
        "groups": groups,
        "total": sum(len(g.duties) for g in groups),
        "query": filters.get("q", ""),
    }
    return render(request, "organization/duty_list.html", context)


urlpatterns = [
    path("teskilat/yonetmelikler/", regulation_list, name="regulation_list"),
    path("teskilat/yonetmelikler/yukle/", regulation_import, name="regulation_import"),
    path("teskilat/yonetmelikler/<int:pk>/", regulation_detail, name="regulation_detail"),
    path(
        "teskilat/yonetmelikler/<int:pk>/birimler/<int:proposal_pk>/onayla/",
        unit_proposal_confirm,
        name="unit_proposal_confirm",
    ),
    path(
        "teskilat/yonetmelikler/<int:pk>/birimler/<int:proposal_pk>/reddet/",
        unit_proposal_reject,
        name="unit_proposal_reject",
    ),
    path("teskilat/yonetmelikler/<int:pk>/gorevler/", duty_decide, name="duty_decide"),
    path("teskilat/gorevler/", duty_list, name="duty_list"),
]
