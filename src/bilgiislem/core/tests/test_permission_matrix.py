"""Every route × every role: allowed (200, or not 403/404 for writes), 403 without the right, 404 out of scope.

The test walks the URL resolver and fails on any named route missing from ROUTES, so a new screen or API
endpoint cannot ship without its line here (quality-bars S2). Forbidden writes must leave the audit log
unchanged (nothing happened).
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from bilgiislem.core.models import AuditLog, CalendarOverride
from bilgiislem.organization.models import (
    Deputyship,
    LeavePlan,
    SignatureDelegation,
    Unit,
    UnitProposal,
)
from bilgiislem.organization.roles import ROLES
from bilgiislem.organization.tests.factories import person as make_person

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
    "00000500010d0a2db40000000049454e44ae426082"
)
ALL_ROLES = sorted(ROLES)
IT = frozenset(r for r in ALL_ROLES if r != "requester")
EVERYONE = frozenset(ALL_ROLES)
MANAGE = frozenset({"admin", "director"})
SEE_ALL = frozenset({"admin", "director", "deputy_mayor", "mayor"})
LEAVE_PROPOSE = frozenset({"director", "chief", "unit_lead"})
LEAVE_DECIDE = frozenset({"director"})
DELEGATE = frozenset({"admin", "director", "mayor"})
PERSON_EDIT = frozenset({"admin", "director", "clerk"})


@dataclass(frozen=True)
class Route:
    name: str
    allowed: frozenset[str]
    obj: str | None = None  # which object the URL points at (see _object)
    scoped: bool = False  # an object of another directorate gives 404 to roles that do not see all units
    method: str = "get"
    api: bool = False
    ok: tuple[int, ...] = (200,)  # statuses an allowed GET may answer
    public: bool = False  # anonymous visitors are allowed too (e.g. the logo on the login page)


ROUTES = [
    Route("core:home", EVERYONE),
    Route("core:calendar", IT),
    Route("core:calendar_year", IT, obj="year"),
    Route("core:deadline_calculator", EVERYONE),
    Route("core:calendar_override_create", MANAGE),
    Route("core:calendar_override_update", MANAGE, obj="override"),
    Route("core:calendar_override_delete", MANAGE, obj="override"),
    Route("core:audit_list", MANAGE),
    Route("core:audit_detail", MANAGE, obj="audit"),
    Route("organization:password_change", EVERYONE),
    Route("organization:otp_setup", EVERYONE),
    Route("organization:otp_disable", frozenset({"admin"}), obj="user", method="post"),
    Route("organization:municipality_detail", IT),
    Route("organization:municipality_edit", MANAGE),
    Route("organization:municipality_logo", EVERYONE, public=True),
    Route("organization:unit_list", IT),
    Route("organization:unit_create", MANAGE),
    Route("organization:unit_detail", IT, obj="unit", scoped=True),
    Route("organization:unit_edit", MANAGE, obj="unit", scoped=True),
    Route("organization:person_list", IT),
    Route("organization:person_create", PERSON_EDIT),
    Route("organization:person_detail", IT, obj="person", scoped=True),
    Route("organization:person_edit", PERSON_EDIT, obj="person", scoped=True),
    Route("organization:user_create", MANAGE, obj="person_without_user", scoped=True),
    Route("organization:user_list", MANAGE),
    Route("organization:user_detail", MANAGE, obj="user", scoped=True),
    Route("organization:user_roles_edit", MANAGE, obj="user", scoped=True),
    Route("organization:leave_list", IT),
    Route("organization:leave_create", LEAVE_PROPOSE),
    Route("organization:leave_detail", IT, obj="leave", scoped=True),
    Route("organization:leave_approve", LEAVE_DECIDE, obj="leave", scoped=True, method="post"),
    Route("organization:leave_reject", LEAVE_DECIDE, obj="leave", scoped=True, method="post"),
    Route("organization:leave_cancel", LEAVE_DECIDE, obj="leave", scoped=True, method="post"),
    Route("organization:deputyship_list", IT),
    Route("organization:deputyship_create", MANAGE),
    Route("organization:deputyship_cancel", MANAGE, obj="deputyship", scoped=True, method="post"),
    Route("organization:delegation_list", IT),
    Route("organization:delegation_create", DELEGATE),
    Route("organization:delegation_revoke", MANAGE, obj="delegation", method="post"),
    Route("organization:regulation_list", IT),
    Route("organization:regulation_import", MANAGE),
    Route("organization:regulation_detail", IT, obj="regulation"),
    Route("organization:unit_proposal_confirm", MANAGE, obj="proposal", method="post"),
    Route("organization:unit_proposal_reject", MANAGE, obj="proposal", method="post"),
    Route("organization:duty_decide", MANAGE, obj="regulation", method="post"),
    Route("organization:duty_list", IT),
    # API
    Route("api-me", EVERYONE, api=True),
    Route("core-api:calendar-deadline", EVERYONE, api=True, obj="deadline_query"),
    Route("organization-api:municipality", IT, api=True),
    Route("organization-api:unit-list", IT, api=True),
    Route("organization-api:unit-detail", IT, obj="unit", scoped=True, api=True),
    Route("organization-api:person-list", IT, api=True),
    Route("organization-api:person-detail", IT, obj="person", scoped=True, api=True),
    Route("organization-api:user-list", MANAGE, api=True),
    Route("organization-api:user-detail", MANAGE, obj="user", scoped=True, api=True),
    Route("organization-api:user-roles", MANAGE, obj="user", scoped=True, api=True, method="post"),
    Route("organization-api:deputyship-list", IT, api=True),
    Route("organization-api:deputyship-detail", IT, obj="deputyship", scoped=True, api=True),
    Route("organization-api:deputyship-cancel", MANAGE, obj="deputyship", scoped=True, api=True, method="post"),
    Route("organization-api:signature-delegation-list", IT, api=True),
    Route("organization-api:signature-delegation-detail", IT, obj="delegation", api=True),
    Route("organization-api:signature-delegation-revoke", MANAGE, obj="delegation", api=True, method="post"),
    Route("organization-api:leave-plan-list", IT, api=True),
    Route("organization-api:leave-plan-detail", IT, obj="leave", scoped=True, api=True),
    Route("organization-api:leave-plan-approve", LEAVE_DECIDE, obj="leave", scoped=True, api=True, method="post"),
    Route("organization-api:leave-plan-reject", LEAVE_DECIDE, obj="leave", scoped=True, api=True, method="post"),
    Route("organization-api:leave-plan-cancel", LEAVE_DECIDE, obj="leave", scoped=True, api=True, method="post"),
    Route("organization-api:regulation-list", IT, api=True),
    Route("organization-api:regulation-import", MANAGE, api=True, method="post"),
    Route("organization-api:regulation-detail", IT, obj="regulation", api=True),
    Route("organization-api:unit-proposal-list", IT, api=True),
    Route("organization-api:unit-proposal-detail", IT, obj="proposal", api=True),
    Route("organization-api:unit-proposal-confirm", MANAGE, obj="proposal", api=True, method="post"),
    Route("organization-api:unit-proposal-reject", MANAGE, obj="proposal", api=True, method="post"),
    Route("organization-api:duty-list", IT, api=True),
    Route("organization-api:duty-detail", IT, obj="duty", api=True),
    Route("organization-api:duty-confirm", MANAGE, obj="duty", api=True, method="post"),
    Route("organization-api:duty-reject", MANAGE, obj="duty", api=True, method="post"),
]

# Routes checked elsewhere: public or session-flow pages with their own tests.
UNCHECKED = {
    "organization:login": "public login page (test_auth)",
    "organization:logout": "POST-only logout (test_auth)",
    "organization:otp_verify": "only meaningful after a password login (test_otp)",
    "set_language": "public language switch",
    "api-schema": "schema endpoint (test_api_schema)",
    "api-docs": "offline Swagger UI (test_api_schema)",
}


def _named_routes() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p.url_patterns, f"{namespace}:{p.namespace}" if namespace and p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_named_route_is_in_the_matrix():
    covered = {r.name for r in ROUTES} | set(UNCHECKED)
    missing = sorted(_named_routes() - covered)
    assert not missing, f"routes without a permission-matrix line: {missing}"
    stale = sorted(covered - _named_routes())
    assert not stale, f"matrix lines for routes that no longer exist: {stale}"


def _home_unit(role: str, org) -> Unit:
    if role == "requester":
        return org.finance
    if role in {"admin", "director"}:
        return org.it
    if role in {"mayor", "deputy_mayor"}:
        return org.finance  # placed outside the IT directorate on purpose: they see all through their role
    return org.software


def _object(kind: str | None, unit: Unit, org, helpers: dict):
    """Build the object a route points at, inside ``unit``; return the URL kwargs and query string."""
    if kind is None:
        return {}, ""
    if kind == "year":
        return {"year": 2026}, ""
    if kind == "deadline_query":
        return {}, "?start=2026-03-16&days=15&kind=working"
    if kind == "override":
        o, _created = CalendarOverride.objects.get_or_create(
            date=dt.date(2026, 12, 31), kind="closure", defaults={"name": "İdari izin"}
        )
        return {"pk": o.pk}, ""
    if kind == "audit":
        return {"seq": AuditLog.objects.order_by("-seq").values_list("seq", flat=True).first()}, ""
    if kind == "unit":
        return {"pk": unit.pk}, ""
    if kind in {"person", "person_without_user"}:
        return {("person_pk" if kind == "person_without_user" else "pk"): make_person(unit, "Kemal", "Işık").pk}, ""
    if kind == "user":
        return {"pk": helpers["make_user"]("staff", unit=unit).pk}, ""
    if kind == "leave":
        p = make_person(unit, "Leyla", "Çınar")
        leave = LeavePlan.objects.create(
            person=p,
            unit=unit,
            year=2026,
            start_date=dt.date(2026, 12, 7),
            end_date=dt.date(2026, 12, 11),
            proposed_by=helpers["director"],
        )
        return {"pk": leave.pk}, ""
    if kind == "deputyship":
        principal = helpers["make_user"]("unit_lead", unit=unit)
        deputy = helpers["make_user"]("staff", unit=unit)
        d = Deputyship.objects.create(
            principal=principal,
            deputy=deputy,
            role="unit_lead",
            unit=unit,
            start_date=dt.date(2026, 12, 7),
            end_date=dt.date(2026, 12, 11),
            reason="assignment",
        )
        return {"pk": d.pk}, ""
    if kind == "delegation":
        d = SignatureDelegation.objects.create(
            delegator=helpers["director"],
            delegate=helpers["make_user"]("chief"),
            scope="internal",
            start_date=dt.date(2026, 1, 1),
        )
        return {"pk": d.pk}, ""
    if kind in {"regulation", "proposal", "duty"}:
        regulation = helpers["regulation"]
        if kind == "regulation":
            return {"pk": regulation.pk}, ""
        if kind == "proposal":
            proposal = UnitProposal.objects.filter(regulation=regulation).order_by("pk").first()
            return {"pk": regulation.pk, "proposal_pk": proposal.pk}, ""
        return {"pk": regulation.duties.order_by("pk").first().pk}, ""
    raise AssertionError(kind)


def _url(route: Route, kwargs: dict, query: str) -> str:
    if route.api and "proposal_pk" in kwargs:
        kwargs = {"pk": kwargs["proposal_pk"]}
    return reverse(route.name, kwargs=kwargs) + query


@pytest.fixture
def matrix_world(org, make_user, settings):
    from bilgiislem.organization import services
    from bilgiislem.organization.regulation_reader import parse

    settings.SECOND_FACTOR_REQUIRED = False
    org.municipality.logo.save("logo.png", ContentFile(PNG_1X1), save=True)
    director = make_user("director", username="matrix_director")
    text = (
        "ÖRNEK BELEDİYESİ BİLGİ İŞLEM MÜDÜRLÜĞÜ YÖNETMELİĞİ\n"
        "Teşkilat\nMADDE 1 – (1) Müdürlük aşağıdaki birimlerden oluşur:\na) Yazılım Birimi\nb) Donanım Birimi\n"
        "Müdürlüğün görevleri\nMADDE 2 – (1) Müdürlüğün görevleri şunlardır:\na) Yazılımları geliştirmek.\n"
        "b) Ağları işletmek.\n"
    )
    regulation = services.regulation_import(actor=director, parsed=parse(text), text=text, unit=org.it)
    return {"make_user": make_user, "director": director, "regulation": regulation}


def _call(client, route: Route, url: str, user):
    if route.api:
        from rest_framework.test import APIClient

        api = APIClient()
        if user is not None:
            api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return getattr(api, route.method)(url, {}, format="json") if route.method == "post" else api.get(url)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    else:
        client.logout()
    return client.post(url, {}) if route.method == "post" else client.get(url)


def _expected(route: Route, role: str | None, out_of_scope: bool) -> str:
    if role is None:
        return "ok" if route.public else "auth"
    if out_of_scope and role not in SEE_ALL:
        # Without the right and out of scope, either answer is fine: neither tells whether the object exists.
        return "404" if role in route.allowed else "denied"
    if role not in route.allowed:
        return "403"
    return "ok"


def _matches(route: Route, expected: str, status: int, response) -> bool:
    if expected == "auth":
        if route.api:
            return status in (401, 403)
        return status == 302 and "/hesap/giris/" in response["Location"]
    if expected == "403":
        return status == 403
    if expected == "404":
        return status == 404
    if expected == "denied":
        return status in (403, 404)
    if route.method == "post":
        return status not in (401, 403, 404, 405, 500)
    return status in route.ok


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_route_answers_every_role_as_the_matrix_says(route, org, client, matrix_world):
    mismatches = []
    users = {role: matrix_world["make_user"](role, unit=_home_unit(role, org)) for role in ALL_ROLES}
    for role in [None, *ALL_ROLES]:
        user = users.get(role)
        scopes = [False, True] if route.scoped else [False]
        for out_of_scope in scopes:
            unit = org.parks if out_of_scope else (_home_unit(role, org) if role else org.software)
            kwargs, query = _object(route.obj, unit, org, matrix_world)
            url = _url(route, kwargs, query)
            expected = _expected(route, role, out_of_scope)
            audit_before = AuditLog.objects.count()
            response = _call(client, route, url, user)
            if not _matches(route, expected, response.status_code, response):
                mismatches.append(
                    f"{role or 'anonymous'}{' (other unit)' if out_of_scope else ''}: "
                    f"expected {expected}, got {response.status_code}"
                )
            if expected != "ok" and AuditLog.objects.count() != audit_before:
                mismatches.append(f"{role or 'anonymous'}: a refused {route.method.upper()} changed the audit log")
    assert not mismatches, f"{route.name} ({route.method.upper()}):\n" + "\n".join(mismatches)
