"""Every write of the organisation app: one atomic, audited function per business action."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bilgiislem.core.audit import audit_record, changed_fields, snapshot
from bilgiislem.core.calendar import working_days_between
from bilgiislem.core.exceptions import RuleViolation
from bilgiislem.core.querysets import visible_unit_ids
from bilgiislem.core.workflow import apply_transition

from . import workflows
from .choices import (
    DeputyshipReason,
    LeaveKind,
    LeaveStatus,
    PersonStatus,
    ProposalStatus,
    RegulationStatus,
    UnitKind,
)
from .models import (
    Deputyship,
    Duty,
    LeavePlan,
    LeavePlanEvent,
    Municipality,
    Person,
    Provision,
    Regulation,
    SignatureDelegation,
    Unit,
    UnitProposal,
    User,
    normalize_login,
)
from .permissions import (
    can_decide_leave,
    can_delegate_signature_for,
    can_manage_roles,
    can_propose_leave_for,
    can_revoke_signature_delegation,
)
from .roles import EXCLUSIVE_ROLE_PAIRS, ROLES, role_label


def _require(actor: User | None, permission: str, *, unit_id: int | None = None) -> None:
    """Services enforce rights themselves, whatever calls them. ``actor=None`` is the system (demo, commands)."""
    if actor is None:
        return
    if not actor.has_perm(permission):
        raise PermissionDenied
    if unit_id is not None:
        ids = visible_unit_ids(actor)
        if ids is not None and unit_id not in ids:
            raise PermissionDenied


# --- roles -------------------------------------------------------------------------------------------
def roles_sync(*, using: str = "default") -> None:
    """Create the role groups and give each exactly the permissions of roles.py."""
    for role in ROLES.values():
        group, _created = Group.objects.using(using).get_or_create(name=role.code)
        perms = []
        for dotted in role.permissions:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)


@transaction.atomic
def user_roles_set(*, user: User, roles: Iterable[str], actor: User | None) -> User:
    roles = set(roles)
    unknown = roles - set(ROLES)
    if unknown:
        raise RuleViolation(_("Unknown role: {roles}").format(roles=", ".join(sorted(unknown))))
    if actor is not None and not can_manage_roles(actor):
        raise PermissionDenied
    for a, b in EXCLUSIVE_ROLE_PAIRS:
        if a in roles and b in roles:
            raise RuleViolation(
                _("{a} and {b} may never be the same person.").format(a=role_label(a), b=role_label(b)), field="roles"
            )
    user = User.objects.select_for_update().get(pk=user.pk)
    before = sorted(user.groups.values_list("name", flat=True))
    user.groups.set(Group.objects.filter(name__in=roles))
    after = sorted(roles)
    for attr in ("_role_codes", "_perm_cache", "_group_perm_cache", "_user_perm_cache", "_visible_unit_ids"):
        user.__dict__.pop(attr, None)
    if before != after:
        audit_record(
            actor=actor,
            action="user.roles_set",
            obj=user,
            before={"roles": before},
            after={"roles": after},
            unit_id=user.unit_id,
        )
    return user


@transaction.atomic
def user_create(
    *,
    username: str,
    actor: User | None,
    person: Person | None = None,
    email: str = "",
    password: str | None = None,
    roles: Iterable[str] = (),
) -> User:
    if actor is not None and not can_manage_roles(actor):
        raise PermissionDenied
    username = normalize_login(username)
    if User.objects.filter(username=username).exists():
        raise RuleViolation(_("A user with this username already exists."), field="username")
    if person is not None and User.objects.filter(person=person).exists():
        raise RuleViolation(_("This person already has a user account."), field="person")
    user = User(username=username, email=email, person=person)
    if person is not None:
        user.first_name, user.last_name = person.first_name, person.last_name
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, after=snapshot(user), unit_id=user.unit_id)
    if roles:
        user_roles_set(user=user, roles=roles, actor=None)
    return user


# --- municipality and units --------------------------------------------------------------------------
@transaction.atomic
def municipality_update(*, actor: User, **fields) -> Municipality:
    _require(actor, "organization.change_municipality")
    municipality = Municipality.objects.select_for_update().order_by("pk").first() or Municipality(name="")
    before = snapshot(municipality) if municipality.pk else {}
    for name, value in fields.items():
        setattr(municipality, name, value)
    municipality.full_clean()
    municipality.save()
    b, a = changed_fields(before, snapshot(municipality))
    audit_record(actor=actor, action="municipality.update", obj=municipality, before=b, after=a)
    return municipality


def _check_unit_parent(unit: Unit, parent: Unit | None) -> None:
    node = parent
    while node is not None:
        if unit.pk and node.pk == unit.pk:
            raise RuleViolation(_("A unit cannot be placed under itself or one of its sub-units."), field="parent")
        node = node.parent
    if unit.kind == UnitKind.SUBUNIT and parent is None:
        raise RuleViolation(_("A sub-unit needs a parent unit."), field="parent")


@transaction.atomic
def unit_create(
    *, actor: User | None, name: str, kind: str = UnitKind.DIRECTORATE, parent: Unit | None = None, **fields
) -> Unit:
    _require(actor, "organization.add_unit")
    unit = Unit(name=name.strip(), kind=kind, parent=parent, **fields)
    _check_unit_parent(unit, parent)
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="unit.create", obj=unit, after=snapshot(unit), unit_id=unit.pk)
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor: User, **fields) -> Unit:
    _require(actor, "organization.change_unit", unit_id=unit.pk)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit)
    for name, value in fields.items():
        setattr(unit, name, value)
    _check_unit_parent(unit, unit.parent)
    unit.full_clean()
    unit.save()
    b, a = changed_fields(before, snapshot(unit))
    if a:
        audit_record(actor=actor, action="unit.update", obj=unit, before=b, after=a, unit_id=unit.pk)
    return unit


# --- people ------------------------------------------------------------------------------------------
@transaction.atomic
def person_create(*, actor: User | None, first_name: str, last_name: str, unit: Unit, **fields) -> Person:
    _require(actor, "organization.add_person", unit_id=unit.pk)
    person = Person(first_name=first_name.strip(), last_name=last_name.strip(), unit=unit, **fields)
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="person.create", obj=person, after=snapshot(person))
    return person


@transaction.atomic
def person_update(*, person: Person, actor: User, **fields) -> Person:
    _require(actor, "organization.change_person", unit_id=person.unit_id)
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person)
    if fields.get("status") in {PersonStatus.DEPARTED, PersonStatus.DECEASED} and person.status not in {
        PersonStatus.DEPARTED,
        PersonStatus.DECEASED,
    }:
        # Departure and death go through the handover (devir-teslim) workflow, never a plain edit.
        raise RuleViolation(
            _("A departure is recorded through the handover procedure, not by editing the person."), field="status"
        )
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    b, a = changed_fields(before, snapshot(person))
    if a:
        audit_record(actor=actor, action="person.update", obj=person, before=b, after=a)
    return person


# --- deputyship and signature delegation ------------------------------------------------------------
def _check_overlap(deputy_qs, start: dt.date, end: dt.date, message) -> None:
    if deputy_qs.filter(start_date__lte=end, end_date__gte=start, cancelled_at__isnull=True).exists():
        raise RuleViolation(message)


@transaction.atomic
def deputyship_create(
    *,
    actor: User | None,
    principal: User,
    deputy: User,
    role: str,
    start_date: dt.date,
    end_date: dt.date,
    reason: str = DeputyshipReason.ASSIGNMENT,
    unit: Unit | None = None,
    leave: LeavePlan | None = None,
    note: str = "",
) -> Deputyship:
    if actor is not None and not actor.has_perm("organization.add_deputyship"):
        raise PermissionDenied
    if role not in ROLES:
        raise RuleViolation(_("Unknown role: {roles}").format(roles=role), field="role")
    if principal.pk == deputy.pk:
        raise RuleViolation(_("A person cannot deputise for themselves."), field="deputy")
    if actor is not None and actor.pk == deputy.pk and not actor.is_superuser:
        # An acting director holds the director's rights, but may not widen or extend their own acting.
        raise RuleViolation(_("Nobody may appoint themselves as a deputy."), field="deputy")
    if end_date < start_date:
        raise RuleViolation(_("The end date is before the start date."), field="end_date")
    if not principal.groups.filter(name=role).exists():
        raise RuleViolation(
            _("{user} does not hold the role {role}.").format(user=principal, role=role_label(role)), field="role"
        )
    if not deputy.is_active or (deputy.person_id and deputy.person.status != PersonStatus.ACTIVE):
        raise RuleViolation(_("The deputy is not an active member of staff."), field="deputy")
    unit = unit or (principal.person.unit if principal.person_id else None)
    if unit is None:
        raise RuleViolation(_("The unit of the deputyship is unknown."), field="unit")
    _check_overlap(
        Deputyship.objects.filter(principal=principal, role=role),
        start_date,
        end_date,
        _("Someone already deputises for this role in that period."),
    )
    deputyship = Deputyship.objects.create(
        principal=principal,
        deputy=deputy,
        role=role,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        leave=leave,
        note=note,
    )
    audit_record(actor=actor, action="deputyship.create", obj=deputyship, after=snapshot(deputyship))
    return deputyship


@transaction.atomic
def deputyship_cancel(*, deputyship: Deputyship, actor: User, reason: str = "") -> Deputyship:
    """Cancel a deputyship that has not ended yet (needs ``organization.change_deputyship``)."""
    if not actor.has_perm("organization.change_deputyship"):
        raise PermissionDenied
    return _deputyship_cancel(deputyship=deputyship, actor=actor, reason=reason)


def _deputyship_cancel(*, deputyship: Deputyship, actor: User, reason: str = "") -> Deputyship:
    deputyship = Deputyship.objects.select_for_update().get(pk=deputyship.pk)
    if deputyship.cancelled_at is not None:
        raise RuleViolation(_("This deputyship is already cancelled."))
    if deputyship.end_date < timezone.localdate():
        raise RuleViolation(_("This deputyship has already ended."))
    deputyship.cancelled_at = timezone.now()
    deputyship.save(update_fields=["cancelled_at", "updated_at"])
    audit_record(
        actor=actor,
        action="deputyship.cancel",
        obj=deputyship,
        after={"cancelled_at": deputyship.cancelled_at},
        reason=reason,
    )
    return deputyship


def acting_holder(role: str, *, unit: Unit | None = None, on: dt.date | None = None) -> User | None:
    """Who holds ``role`` on a day: the active deputy if there is one, else the role holder."""
    day = on or timezone.localdate()
    deputies = Deputyship.objects.filter(role=role, start_date__lte=day, end_date__gte=day, cancelled_at__isnull=True)
    if unit is not None:
        deputies = deputies.filter(unit=unit)
    deputy = deputies.select_related("deputy").order_by("-start_date").first()
    if deputy is not None:
        return deputy.deputy
    holders = User.objects.filter(groups__name=role, is_active=True)
    if unit is not None:
        holders = holders.filter(person__unit=unit)
    return holders.order_by("pk").first()


@transaction.atomic
def signature_delegation_create(
    *,
    actor: User,
    delegator: User,
    delegate: User,
    scope: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    decision_reference: str = "",
) -> SignatureDelegation:
    if not can_delegate_signature_for(actor, delegator):
        raise PermissionDenied
    if delegator.pk == delegate.pk:
        raise RuleViolation(_("Signature authority cannot be delegated to oneself."), field="delegate")
    if end_date is not None and end_date < start_date:
        raise RuleViolation(_("The end date is before the start date."), field="end_date")
    if not delegate.is_active:
        raise RuleViolation(_("The delegate is not an active user."), field="delegate")
    delegation = SignatureDelegation.objects.create(
        delegator=delegator,
        delegate=delegate,
        scope=scope,
        start_date=start_date,
        end_date=end_date,
        decision_reference=decision_reference,
    )
    audit_record(actor=actor, action="signature_delegation.create", obj=delegation, after=snapshot(delegation))
    return delegation


@transaction.atomic
def signature_delegation_revoke(*, delegation: SignatureDelegation, actor: User) -> SignatureDelegation:
    delegation = SignatureDelegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.revoked_at is not None:
        raise RuleViolation(_("This delegation is already revoked."))
    if not can_revoke_signature_delegation(actor, delegation):
        raise PermissionDenied
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=actor, action="signature_delegation.revoke", obj=delegation, after={"revoked_at": delegation.revoked_at}
    )
    return delegation


# --- leave plans -------------------------------------------------------------------------------------
def _leave_event(leave: LeavePlan, actor: User, kind: str, previous: str, note: str = "") -> None:
    LeavePlanEvent.objects.create(
        leave=leave, actor=actor, kind=kind, from_status=previous, to_status=leave.status, note=note
    )
    audit_record(
        actor=actor,
        action=f"leave.{kind}",
        obj=leave,
        before={"status": previous},
        after={"status": leave.status},
        reason=note,
    )


@transaction.atomic
def leave_propose(
    *,
    actor: User,
    person: Person,
    start_date: dt.date,
    end_date: dt.date,
    kind: str = "annual",
    acting: User | None = None,
    note: str = "",
) -> LeavePlan:
    if not can_propose_leave_for(actor, person):
        raise PermissionDenied
    if end_date < start_date:
        raise RuleViolation(_("The end date is before the start date."), field="end_date")
    if person.status != PersonStatus.ACTIVE and person.status != PersonStatus.ON_LEAVE:
        raise RuleViolation(_("Leave can only be planned for active staff."), field="person")
    overlapping = LeavePlan.objects.filter(
        person=person,
        status__in=[LeaveStatus.PROPOSED, LeaveStatus.APPROVED],
        start_date__lte=end_date,
        end_date__gte=start_date,
    )
    if overlapping.exists():
        raise RuleViolation(_("This person already has leave planned in that period."), field="start_date")
    if acting is not None and acting.person_id == person.pk:
        raise RuleViolation(_("A person cannot act for themselves."), field="acting")
    if acting is not None and not acting.is_active:
        raise RuleViolation(_("The acting person is not an active user."), field="acting")
    if kind not in LeaveKind.values:
        raise RuleViolation(_("Unknown kind of leave."), field="kind")
    leave = LeavePlan.objects.create(
        person=person,
        unit=person.unit,
        year=start_date.year,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        working_days=working_days_between(start_date, end_date),
        acting=acting,
        proposed_by=actor,
        note=note,
    )
    LeavePlanEvent.objects.create(leave=leave, actor=actor, kind="propose", to_status=leave.status, note=note)
    audit_record(actor=actor, action="leave.propose", obj=leave, after=snapshot(leave))
    return leave


@transaction.atomic
def leave_approve(*, leave: LeavePlan, actor: User, note: str = "") -> LeavePlan:
    """Approve a leave plan (who may: ``permissions.can_decide_leave``).

    If the person holds a manager role (director, chief, unit lead) and an acting person is named, the
    acting person deputises for each of those roles over the leave's dates: this is how the acting
    director is set (Ka9 b). The acting person must not be on approved leave themselves in that period.
    """
    leave = LeavePlan.objects.select_for_update().get(pk=leave.pk)
    if not can_decide_leave(actor, leave):
        raise PermissionDenied
    previous = apply_transition(leave, workflows.LEAVE_APPROVE, actor=actor)
    if (
        leave.acting_id
        and leave.acting.person_id
        and LeavePlan.objects.filter(
            person_id=leave.acting.person_id,
            status=LeaveStatus.APPROVED,
            start_date__lte=leave.end_date,
            end_date__gte=leave.start_date,
        ).exists()
    ):
        raise RuleViolation(_("The acting person is on leave in that period."), field="acting")
    leave.decided_by, leave.decided_at, leave.decision_note = actor, timezone.now(), note
    leave.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    _leave_event(leave, actor, "approve", previous, note)
    principal = getattr(leave.person, "user", None)
    if leave.acting_id and principal is not None:
        manager_roles = principal.groups.filter(name__in=[c for c, r in ROLES.items() if r.manager])
        for i, role in enumerate(manager_roles.order_by("name").values_list("name", flat=True)):
            deputyship_create(
                actor=None,
                principal=principal,
                deputy=leave.acting,
                role=role,
                start_date=leave.start_date,
                end_date=leave.end_date,
                reason=DeputyshipReason.LEAVE,
                unit=leave.unit,
                leave=leave if i == 0 else None,  # Deputyship.leave is one-to-one: link the first only
                note=str(_("Set by approved leave")),
            )
    return leave


def _leave_deputyships(leave: LeavePlan):
    """The deputyships an approved leave created (the first is linked; others match by principal and dates)."""
    from django.db.models import Q

    q = Q(leave=leave)
    principal = getattr(leave.person, "user", None)
    if principal is not None and leave.acting_id:
        q |= Q(
            principal=principal,
            deputy_id=leave.acting_id,
            reason=DeputyshipReason.LEAVE,
            leave__isnull=True,
            start_date=leave.start_date,
            end_date=leave.end_date,
        )
    return Deputyship.objects.filter(q)


@transaction.atomic
def leave_reject(*, leave: LeavePlan, actor: User, note: str) -> LeavePlan:
    leave = LeavePlan.objects.select_for_update().get(pk=leave.pk)
    if not can_decide_leave(actor, leave):
        raise PermissionDenied
    if not note.strip():
        raise RuleViolation(_("A rejection needs a reason."), field="note")
    previous = apply_transition(leave, workflows.LEAVE_REJECT, actor=actor)
    leave.decided_by, leave.decided_at, leave.decision_note = actor, timezone.now(), note
    leave.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    _leave_event(leave, actor, "reject", previous, note)
    return leave


@transaction.atomic
def leave_cancel(*, leave: LeavePlan, actor: User, note: str = "") -> LeavePlan:
    """Cancel a proposed or approved leave (``permissions.can_cancel_leave``): the proposer or a decider.
    The deputyships the approval created are cancelled with it (those already over stay as history)."""
    leave = LeavePlan.objects.select_for_update().get(pk=leave.pk)
    if not (leave.proposed_by_id == actor.pk or can_decide_leave(actor, leave)):
        raise PermissionDenied
    previous = apply_transition(leave, workflows.LEAVE_CANCEL, actor=actor)
    leave.save(update_fields=["status", "updated_at"])
    _leave_event(leave, actor, "cancel", previous, note)
    today = timezone.localdate()
    for deputyship in _leave_deputyships(leave).filter(cancelled_at__isnull=True, end_date__gte=today):
        _deputyship_cancel(deputyship=deputyship, actor=actor, reason=str(_("Leave cancelled")))
    return leave


# --- regulation import and the duty catalogue --------------------------------------------------------
@transaction.atomic
def regulation_import(
    *, actor: User | None, parsed: dict, text: str, source_name: str = "", unit: Unit | None = None
) -> Regulation:
    """Store a parsed regulation (see regulation_reader.parse) and propose its units and duties."""
    if actor is not None and not actor.has_perm("organization.add_regulation"):
        raise PermissionDenied
    if not parsed.get("articles"):
        raise RuleViolation(_("The regulation has no articles."))
    unit = unit or Unit.objects.filter(is_it_directorate=True).first()
    regulation = Regulation.objects.create(
        title=parsed["title"][:400], source_name=source_name[:200], text=text, unit=unit, imported_by=actor
    )
    # Sections (BİRİNCİ BÖLÜM …) are optional in ``parsed``; when given they become the articles' parents.
    section_of: dict[int, dict] = {}
    for section in parsed.get("sections") or []:
        for number in section.get("articles", []):
            section_of.setdefault(number, section)
    position = 0
    section_nodes: dict[int, Provision] = {}
    article_nodes: dict[int, Provision] = {}
    provisions: list[tuple[Provision, Provision | None]] = []
    for article in parsed["articles"]:
        section = section_of.get(article["number"])
        parent = None
        if section is not None:
            parent = section_nodes.get(id(section))
            if parent is None:
                position += 1
                parent = section_nodes[id(section)] = Provision.objects.create(
                    regulation=regulation,
                    kind="section",
                    number=section.get("number"),
                    heading=(section.get("heading") or "")[:300],
                    text=section.get("label", ""),
                    position=position,
                )
        position += 1
        art = Provision(
            regulation=regulation,
            parent=parent,
            kind="article",
            number=article["number"],
            heading=(article.get("heading") or "")[:300],
            position=position,
        )
        art.save()
        article_nodes[article["number"]] = art
        for paragraph in article["paragraphs"]:
            position += 1
            para = Provision.objects.create(
                regulation=regulation,
                parent=art,
                kind="paragraph",
                number=paragraph.get("number"),
                text=paragraph.get("text", ""),
                position=position,
            )
            for item in paragraph.get("items", []):
                position += 1
                provisions.append(
                    (
                        Provision(
                            regulation=regulation,
                            parent=para,
                            kind="item",
                            label=item["label"],
                            text=item["text"],
                            position=position,
                        ),
                        para,
                    )
                )
    Provision.objects.bulk_create([p for p, _parent in provisions])
    # An article may letter the items of two paragraphs alike ("(1) a) … (2) a) …"): the duties of an article
    # take its items with that label in document order.
    items_by_key: dict[tuple[int, str], list[Provision]] = {}
    for p, _parent in provisions:
        items_by_key.setdefault((p.parent.parent_id, p.label), []).append(p)

    proposals: dict[str, UnitProposal] = {}
    for i, proposed in enumerate(parsed.get("units", []), start=1):
        proposals[proposed["name"]] = UnitProposal.objects.create(
            regulation=regulation, name=proposed["name"][:200], position=i
        )
    duties = []
    for duty in parsed.get("duties", []):
        art = article_nodes.get(duty["article"])
        candidates = items_by_key.get((art.pk, duty["label"])) if art else None
        if not candidates:
            continue
        provision = candidates.pop(0)
        duties.append(
            Duty(
                regulation=regulation,
                provision=provision,
                unit_proposal=proposals.get(duty["unit"] or ""),
                article=duty["article"],
                label=duty["label"],
                text=duty["text"],
            )
        )
    for d in duties:
        d.save()
    audit_record(
        actor=actor,
        action="regulation.import",
        obj=regulation,
        after={"articles": len(article_nodes), "units": len(proposals), "duties": len(duties)},
        unit_id=unit.pk if unit else None,
    )
    return regulation


@transaction.atomic
def unit_proposal_confirm(*, proposal: UnitProposal, actor: User, unit: Unit | None = None) -> UnitProposal:
    """Confirm a proposed unit: match it to an existing unit or create it under the regulation's directorate."""
    if not actor.has_perm("organization.confirm_regulation"):
        raise PermissionDenied
    proposal = UnitProposal.objects.select_for_update().select_related("regulation").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PROPOSED:
        raise RuleViolation(_("This proposal has already been decided."))
    parent = proposal.regulation.unit
    if unit is None:
        unit = Unit.objects.filter(parent=parent, name=proposal.name).first() or unit_create(
            actor=actor, name=proposal.name, kind=UnitKind.SUBUNIT if parent else UnitKind.DIRECTORATE, parent=parent
        )
    proposal.unit, proposal.status = unit, ProposalStatus.CONFIRMED
    proposal.save(update_fields=["unit", "status"])
    proposal.duties.filter(unit__isnull=True).update(unit=unit)
    audit_record(actor=actor, action="unit_proposal.confirm", obj=proposal, after={"unit": unit.pk})
    return proposal


@transaction.atomic
def unit_proposal_reject(*, proposal: UnitProposal, actor: User) -> UnitProposal:
    if not actor.has_perm("organization.confirm_regulation"):
        raise PermissionDenied
    proposal = UnitProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PROPOSED:
        raise RuleViolation(_("This proposal has already been decided."))
    proposal.status = ProposalStatus.REJECTED
    proposal.save(update_fields=["status"])
    audit_record(actor=actor, action="unit_proposal.reject", obj=proposal, after={"status": proposal.status})
    return proposal


@transaction.atomic
def duty_confirm(*, duties: Iterable[Duty], actor: User, unit: Unit | None = None) -> int:
    """Confirm proposed duties (optionally moving them to ``unit``). Returns how many were confirmed."""
    if not actor.has_perm("organization.confirm_regulation"):
        raise PermissionDenied
    count = 0
    now = timezone.now()
    for duty in Duty.objects.select_for_update().filter(pk__in=[d.pk for d in duties], status=ProposalStatus.PROPOSED):
        before = {"status": duty.status, "unit": duty.unit_id}
        if unit is not None:
            duty.unit = unit
        elif duty.unit_proposal_id and duty.unit_id is None:
            proposal = duty.unit_proposal
            if proposal.status != ProposalStatus.CONFIRMED:
                raise RuleViolation(_("Confirm the unit {unit} before its duties.").format(unit=proposal.name))
            duty.unit = proposal.unit
        duty.status, duty.confirmed_by, duty.confirmed_at = ProposalStatus.CONFIRMED, actor, now
        duty.save(update_fields=["status", "unit", "confirmed_by", "confirmed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="duty.confirm",
            obj=duty,
            before=before,
            after={"status": duty.status, "unit": duty.unit_id},
            unit_id=duty.unit_id,
        )
        count += 1
    _regulation_maybe_confirmed(duties)
    return count


@transaction.atomic
def duty_reject(*, duties: Iterable[Duty], actor: User) -> int:
    if not actor.has_perm("organization.confirm_regulation"):
        raise PermissionDenied
    count = 0
    for duty in Duty.objects.select_for_update().filter(pk__in=[d.pk for d in duties], status=ProposalStatus.PROPOSED):
        duty.status = ProposalStatus.REJECTED
        duty.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="duty.reject", obj=duty, after={"status": duty.status})
        count += 1
    _regulation_maybe_confirmed(duties)
    return count


def _regulation_maybe_confirmed(duties: Iterable[Duty]) -> None:
    regulation_ids = {d.regulation_id for d in duties}
    for regulation in Regulation.objects.filter(pk__in=regulation_ids, status=RegulationStatus.IMPORTED):
        if (
            not regulation.duties.filter(status=ProposalStatus.PROPOSED).exists()
            and not regulation.unit_proposals.filter(status=ProposalStatus.PROPOSED).exists()
        ):
            regulation.status = RegulationStatus.CONFIRMED
            regulation.save(update_fields=["status", "updated_at"])
