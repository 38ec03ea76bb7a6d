"""The organisation API: authentication, the {endpoint × role} authorization matrix, writes through services
with audit rows, input errors, mass assignment, scope, filters and bounded query counts."""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import EndpointEnumerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bilgiislem import organization
from bilgiislem.core.models import AuditLog
from bilgiislem.organization import services
from bilgiislem.organization.choices import LeaveStatus, PersonStatus
from bilgiislem.organization.models import (
    Deputyship,
    Duty,
    LeavePlan,
    LeavePlanEvent,
    Municipality,
    Person,
    Regulation,
    SignatureDelegation,
    Unit,
    UnitProposal,
    User,
)
from bilgiislem.organization.tests.factories import person as make_person

API = "/api/v1/organization"
ROLES = ["anonymous", "requester", "staff", "clerk", "chief", "director", "admin"]

PARSED = {
    "title": "Bilgi İşlem Müdürlüğü Görev, Yetki ve Çalışma Yönetmeliği",
    "articles": [
        {"number": 1, "heading": "Amaç", "paragraphs": [{"number": 1, "text": "Bu yönetmeliğin amacı…", "items": []}]},
        {
            "number": 9,
            "heading": "Müdürlüğün görevleri",
            "paragraphs": [
                {
                    "number": 1,
                    "text": "Müdürlüğün görevleri şunlardır:",
                    "items": [
                        {"label": "a", "text": "Ağ altyapısını kurmak ve işletmek."},
                        {"label": "b", "text": "Yazılım ihtiyaçlarını karşılamak."},
                        {"label": "c", "text": "IŞIK sistemlerinin yedeğini almak."},
                    ],
                }
            ],
        },
    ],
    "units": [{"name": "Sistem ve Ağ Birimi"}],
    "duties": [
        {"article": 9, "label": "a", "text": "Ağ altyapısını kurmak ve işletmek.", "unit": "Sistem ve Ağ Birimi"},
        {"article": 9, "label": "b", "text": "Yazılım ihtiyaçlarını karşılamak.", "unit": None},
        {"article": 9, "label": "c", "text": "IŞIK sistemlerinin yedeğini almak.", "unit": None},
    ],
}


def import_regulation(unit=None) -> Regulation:
    return services.regulation_import(actor=None, parsed=PARSED, text="…", source_name="test.txt", unit=unit)


@dataclass
class World:
    org: object
    users: dict  # role name of the matrix -> User (anonymous -> None)
    it_person: Person  # a person of the IT directorate
    parks_lead: User  # unit lead of another directorate
    parks_staff: User
    mayor: User
    deputy_mayor: User
    deputyship: Deputyship  # in the parks directorate
    leave: LeavePlan  # of parks_staff, proposed by the director
    delegation: SignatureDelegation
    regulation: Regulation
    proposal: UnitProposal
    duty: Duty  # a directorate-wide proposed duty (no unit proposal)


@pytest.fixture
def world(org, make_user) -> World:
    users = {
        "anonymous": None,
        "requester": make_user("requester", unit=org.finance),
        "staff": make_user("staff", unit=org.software),
        "clerk": make_user("clerk", unit=org.it),
        "chief": make_user("chief", unit=org.it),
        "director": make_user("director", unit=org.it),
        "admin": make_user("admin", unit=org.it),
    }
    parks_lead = make_user("unit_lead", unit=org.parks)
    parks_staff = make_user("staff", unit=org.parks)
    mayor = make_user("mayor", unit=org.parks)
    deputy_mayor = make_user("deputy_mayor", unit=org.parks)
    today = dt.date.today()
    deputyship = services.deputyship_create(
        actor=None,
        principal=parks_lead,
        deputy=parks_staff,
        role="unit_lead",
        start_date=today,
        end_date=today + dt.timedelta(days=10),
        unit=org.parks,
    )
    leave = services.leave_propose(
        actor=users["director"],
        person=parks_staff.person,
        start_date=dt.date(2031, 7, 7),
        end_date=dt.date(2031, 7, 11),
    )
    delegation = services.signature_delegation_create(
        actor=users["admin"], delegator=mayor, delegate=deputy_mayor, scope="internal", start_date=today
    )
    regulation = import_regulation(unit=org.it)
    return World(
        org=org,
        users=users,
        it_person=make_person(org.it, "Işık", "Çağlar"),
        parks_lead=parks_lead,
        parks_staff=parks_staff,
        mayor=mayor,
        deputy_mayor=deputy_mayor,
        deputyship=deputyship,
        leave=leave,
        delegation=delegation,
        regulation=regulation,
        proposal=regulation.unit_proposals.get(),
        duty=regulation.duties.get(label="b"),
    )


def client_for(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")  # English source messages, whatever the catalogue says
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def db_state() -> dict:
    """Every organisation row plus the audit-log size: a forbidden write must leave all of it unchanged."""
    models = [
        Municipality,
        Unit,
        Person,
        Deputyship,
        SignatureDelegation,
        LeavePlan,
        LeavePlanEvent,
        Regulation,
        UnitProposal,
        Duty,
    ]
    state = {m.__name__: list(m.objects.order_by("pk").values()) for m in models}
    state["User"] = list(User.objects.order_by("pk").values("pk", "username", "is_superuser", "is_staff", "is_active"))
    state["roles"] = sorted(User.groups.through.objects.values_list("user_id", "group__name"))
    state["audit"] = AuditLog.objects.count()
    return state


# --- the authorization matrix ------------------------------------------------------------------------
def _row(anonymous, requester, staff, clerk, chief, director, admin) -> dict:
    return dict(zip(ROLES, [anonymous, requester, staff, clerk, chief, director, admin], strict=True))


READ = _row(401, 403, 200, 200, 200, 200, 200)
READ_OTHER_UNIT = _row(401, 403, 404, 404, 404, 200, 200)  # the object lies in another directorate
MANAGE = _row(401, 403, 403, 403, 403, 200, 200)
ADMINS = _row(401, 403, 403, 403, 403, 200, 200)
ANY_USER = _row(401, 200, 200, 200, 200, 200, 200)

# (method, path template, target, payload(world) or None, expected status per role)
MATRIX = [
    ("GET", "/api/v1/me/", None, None, ANY_USER),
    ("GET", f"{API}/municipality/", None, None, READ),
    ("PATCH", f"{API}/municipality/", None, lambda w: {"phone": "0262 111 11 11"}, MANAGE),
    ("GET", f"{API}/units/", None, None, READ),
    ("POST", f"{API}/units/", None, lambda w: {"name": "Zabıta Müdürlüğü"}, _row(401, 403, 403, 403, 403, 201, 201)),
    ("GET", f"{API}/units/{{id}}/", "unit", None, READ_OTHER_UNIT),
    ("PATCH", f"{API}/units/{{id}}/", "unit", lambda w: {"short_name": "PBM"}, MANAGE),
    ("GET", f"{API}/people/", None, None, READ),
    (
        "POST",
        f"{API}/people/",
        None,
        lambda w: {"first_name": "İsmail", "last_name": "Öztürk", "unit": w.org.it.pk},
        _row(401, 403, 403, 201, 403, 201, 201),
    ),
    ("GET", f"{API}/people/{{id}}/", "person", None, READ_OTHER_UNIT),
    (
        "PATCH",
        f"{API}/people/{{id}}/",
        "person",
        lambda w: {"title": "Tekniker"},
        _row(401, 403, 403, 404, 403, 200, 200),
    ),
    ("GET", f"{API}/users/", None, None, ADMINS),
    ("GET", f"{API}/users/{{id}}/", "user", None, ADMINS),
    ("POST", f"{API}/users/{{id}}/roles/", "user", lambda w: {"roles": ["staff", "clerk"]}, ADMINS),
    ("GET", f"{API}/deputyships/", None, None, READ),
    (
        "POST",
        f"{API}/deputyships/",
        None,
        lambda w: {
            "principal": w.parks_lead.pk,
            "deputy": w.parks_staff.pk,
            "role": "unit_lead",
            "start_date": "2031-01-06",
            "end_date": "2031-01-10",
            "reason": "assignment",
        },
        _row(401, 403, 403, 403, 403, 201, 201),
    ),
    ("GET", f"{API}/deputyships/{{id}}/", "deputyship", None, READ_OTHER_UNIT),
    ("POST", f"{API}/deputyships/{{id}}/cancel/", "deputyship", lambda w: {"reason": "Görev sona erdi"}, MANAGE),
    ("GET", f"{API}/signature-delegations/", None, None, READ),
    (
        "POST",
        f"{API}/signature-delegations/",
        None,
        lambda w: {
            "delegator": w.mayor.pk,
            "delegate": w.deputy_mayor.pk,
            "scope": "external",
            "start_date": "2031-01-06",
            "decision_reference": "İmza Yetkileri Yönergesi 2031/1",
        },
        # only an administrator records a delegation for someone else (the director is refused by the service)
        _row(401, 403, 403, 403, 403, 403, 201),
    ),
    ("GET", f"{API}/signature-delegations/{{id}}/", "delegation", None, READ),
    ("POST", f"{API}/signature-delegations/{{id}}/revoke/", "delegation", None, MANAGE),
    ("GET", f"{API}/leave-plans/", None, None, READ),
    (
        "POST",
        f"{API}/leave-plans/",
        None,
        lambda w: {"person": w.it_person.pk, "start_date": "2031-02-03", "end_date": "2031-02-07", "kind": "annual"},
        _row(401, 403, 403, 403, 201, 201, 403),
    ),
    ("GET", f"{API}/leave-plans/{{id}}/", "leave", None, READ_OTHER_UNIT),
    ("POST", f"{API}/leave-plans/{{id}}/approve/", "leave", lambda w: {}, _row(401, 403, 403, 403, 403, 200, 403)),
    (
        "POST",
        f"{API}/leave-plans/{{id}}/reject/",
        "leave",
        lambda w: {"note": "Yoğun dönem"},
        _row(401, 403, 403, 403, 403, 200, 403),
    ),
    ("POST", f"{API}/leave-plans/{{id}}/cancel/", "leave", lambda w: {}, _row(401, 403, 404, 404, 404, 200, 403)),
    ("GET", f"{API}/regulations/", None, None, READ),
    ("GET", f"{API}/regulations/{{id}}/", "regulation", None, READ),
    (
        "POST",
        f"{API}/regulations/import/",
        None,
        lambda w: {"text": "REGULATION TEXT", "source_name": "y.txt"},
        _row(401, 403, 403, 403, 403, 201, 201),
    ),
    ("GET", f"{API}/unit-proposals/", None, None, READ),
    ("GET", f"{API}/unit-proposals/{{id}}/", "proposal", None, READ),
    ("POST", f"{API}/unit-proposals/{{id}}/confirm/", "proposal", lambda w: {}, MANAGE),
    ("POST", f"{API}/unit-proposals/{{id}}/reject/", "proposal", None, MANAGE),
    ("GET", f"{API}/duties/", None, None, READ),
    ("GET", f"{API}/duties/{{id}}/", "duty", None, READ),
    ("POST", f"{API}/duties/{{id}}/confirm/", "duty", lambda w: {}, MANAGE),
    ("POST", f"{API}/duties/{{id}}/reject/", "duty", None, MANAGE),
]

TARGETS = {
    "unit": lambda w: w.org.parks.pk,
    "person": lambda w: w.parks_staff.person_id,
    "user": lambda w: w.parks_staff.pk,
    "deputyship": lambda w: w.deputyship.pk,
    "delegation": lambda w: w.delegation.pk,
    "leave": lambda w: w.leave.pk,
    "regulation": lambda w: w.regulation.pk,
    "proposal": lambda w: w.proposal.pk,
    "duty": lambda w: w.duty.pk,
}


@pytest.fixture
def fake_reader(monkeypatch):
    """regulation_reader.parse answering PARSED, or a parse error on line 12 for texts containing BROKEN
    (the reader itself is tested in test_regulation_reader)."""
    from bilgiislem.organization import regulation_reader as reader

    def parse(text):
        if "BROKEN" in text:
            raise reader.RegulationParseError("Article 3 appears twice", 12)
        return PARSED

    monkeypatch.setattr(reader, "parse", parse)
    return reader


def test_matrix_covers_every_organization_route():
    routes = {
        (method, path.replace("{pk}", "{id}"))
        for path, _regex, method, _view in EndpointEnumerator().get_api_endpoints()
        if path.startswith((f"{API}/", "/api/v1/me/"))
    }
    table = {(method, path) for method, path, *_ in MATRIX}
    assert routes == table


@pytest.mark.parametrize(
    ("method", "path", "target", "payload", "expected"),
    MATRIX,
    ids=[f"{m} {p.removeprefix(API)}" for m, p, *_ in MATRIX],
)
def test_matrix_row_answers_expected_status_for_every_role(world, fake_reader, method, path, target, payload, expected):
    """Each role runs in a savepoint that is rolled back, so every cell starts from the same world."""
    url = path.format(id=TARGETS[target](world)) if target else path
    data = json.dumps(payload(world)) if payload else ""
    clients = {role: client_for(user) for role, user in world.users.items()}
    mismatches = []
    for role in ROLES:
        savepoint = transaction.savepoint_create()
        try:
            before = db_state()
            response = clients[role].generic(method, url, data=data, content_type="application/json")
            if response.status_code != expected[role]:
                mismatches.append((role, response.status_code, expected[role], response.content[:200]))
            elif method != "GET":
                after = db_state()
                if response.status_code >= 400 and after != before:
                    mismatches.append((role, "refused write changed the database"))
                if response.status_code < 400 and after["audit"] <= before["audit"]:
                    mismatches.append((role, "successful write left no audit row"))
        finally:
            transaction.savepoint_rollback(savepoint)
    assert mismatches == []


# --- authentication ----------------------------------------------------------------------------------
def test_token_auth_with_valid_token_returns_data(world):
    response = client_for(world.users["staff"]).get(f"{API}/units/")
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_token_auth_with_unknown_token_is_401(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get(f"{API}/units/").status_code == 401


def test_anonymous_request_is_401_with_token_challenge(world):
    response = APIClient().get(f"{API}/people/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_inactive_user_token_is_401(world):
    staff = world.users["staff"]
    client = client_for(staff)
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert client.get(f"{API}/units/").status_code == 401


def test_session_of_director_without_second_factor_is_403(world, client):
    client.force_login(world.users["director"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"{API}/units/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_session_of_director_with_second_factor_is_200(world, client_as):
    assert client_as(world.users["director"]).get(f"{API}/units/").status_code == 200


def test_session_write_without_csrf_token_is_403(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["clerk"], backend="django.contrib.auth.backends.ModelBackend")
    before = Person.objects.count()
    response = client.post(
        f"{API}/people/", {"first_name": "A", "last_name": "B", "unit": world.org.it.pk}, format="json"
    )
    assert response.status_code == 403
    assert Person.objects.count() == before


def test_role_removal_applies_to_next_request(world):
    staff_client = client_for(world.users["staff"])
    assert staff_client.get(f"{API}/people/").status_code == 200

    response = client_for(world.users["admin"]).post(
        f"{API}/users/{world.users['staff'].pk}/roles/", {"roles": []}, format="json"
    )

    assert response.status_code == 200
    assert staff_client.get(f"{API}/people/").status_code == 403


# --- writes go through services and are audited -----------------------------------------------------
def _audit(action: str, obj) -> AuditLog | None:
    return AuditLog.objects.filter(action=action, object_id=str(obj.pk)).order_by("-seq").first()


def test_unit_patch_changes_name_and_writes_audit_row(world):
    director = world.users["director"]
    response = client_for(director).patch(
        f"{API}/units/{world.org.parks.pk}/", {"name": "Park Bahçeler"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Park Bahçeler"
    world.org.parks.refresh_from_db()
    assert world.org.parks.name == "Park Bahçeler"
    row = _audit("unit.update", world.org.parks)
    assert row.actor_id == director.pk
    assert (row.before["name"], row.after["name"]) == ("Park ve Bahçeler Müdürlüğü", "Park Bahçeler")


def test_unit_create_subunit_under_it_is_stored_and_audited(world):
    response = client_for(world.users["admin"]).post(
        f"{API}/units/", {"name": "Sistem Birimi", "kind": "subunit", "parent": world.org.it.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    unit = Unit.objects.get(pk=response.json()["id"])
    assert unit.parent_id == world.org.it.pk
    assert _audit("unit.create", unit).actor_id == world.users["admin"].pk


def test_person_create_by_clerk_is_audited(world):
    clerk = world.users["clerk"]
    response = client_for(clerk).post(
        f"{API}/people/",
        {"first_name": "Gül", "last_name": "Şahin", "unit": world.org.it.pk, "employment_type": "contracted"},
        format="json",
    )
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert (person.full_name, person.unit_id, person.status) == ("Gül Şahin", world.org.it.pk, "active")
    assert _audit("person.create", person).actor_id == clerk.pk


def test_municipality_patch_updates_letterhead_and_audits(world):
    response = client_for(world.users["admin"]).patch(
        f"{API}/municipality/", {"kep_address": "x@hs01.kep.tr"}, format="json"
    )
    assert response.status_code == 200
    assert Municipality.current().kep_address == "x@hs01.kep.tr"
    assert _audit("municipality.update", Municipality.current()).after["kep_address"] == "x@hs01.kep.tr"


def test_roles_post_sets_groups_and_audits(world):
    target = world.parks_staff
    response = client_for(world.users["director"]).post(
        f"{API}/users/{target.pk}/roles/", {"roles": ["clerk", "archive_officer"]}, format="json"
    )
    assert response.status_code == 200
    assert [r["code"] for r in response.json()["roles"]] == ["archive_officer", "clerk"]
    assert set(target.groups.values_list("name", flat=True)) == {"clerk", "archive_officer"}
    assert _audit("user.roles_set", target).after == {"roles": ["archive_officer", "clerk"]}


def test_leave_approve_sets_status_and_writes_event(world):
    director = world.users["director"]
    response = client_for(director).post(
        f"{API}/leave-plans/{world.leave.pk}/approve/", {"note": "Uygun"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == LeaveStatus.APPROVED
    world.leave.refresh_from_db()
    assert (world.leave.status, world.leave.decided_by_id) == (LeaveStatus.APPROVED, director.pk)
    assert world.leave.events.filter(kind="approve", actor=director).exists()
    assert _audit("leave.approve", world.leave) is not None


def test_leave_propose_by_chief_is_proposed_with_working_days(world):
    chief = world.users["chief"]
    response = client_for(chief).post(
        f"{API}/leave-plans/",
        {"person": world.it_person.pk, "start_date": "2031-02-03", "end_date": "2031-02-07"},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status"], data["proposed_by"], data["working_days"]) == ("proposed", chief.pk, 5)


def test_leave_cancel_by_proposer_cancels(world):
    response = client_for(world.users["director"]).post(f"{API}/leave-plans/{world.leave.pk}/cancel/", format="json")
    assert response.status_code == 200
    world.leave.refresh_from_db()
    assert world.leave.status == LeaveStatus.CANCELLED


def test_deputyship_cancel_sets_cancelled_at_and_audits(world):
    response = client_for(world.users["admin"]).post(
        f"{API}/deputyships/{world.deputyship.pk}/cancel/", {"reason": "Atama değişti"}, format="json"
    )
    assert response.status_code == 200
    world.deputyship.refresh_from_db()
    assert world.deputyship.cancelled_at is not None
    assert _audit("deputyship.cancel", world.deputyship).reason == "Atama değişti"


def test_signature_delegation_revoke_by_mayor_who_delegated_is_allowed(world):
    response = client_for(world.mayor).post(f"{API}/signature-delegations/{world.delegation.pk}/revoke/")
    assert response.status_code == 200
    world.delegation.refresh_from_db()
    assert world.delegation.revoked_at is not None


def test_unit_proposal_confirm_creates_subunit_and_duty_follows(world):
    response = client_for(world.users["director"]).post(
        f"{API}/unit-proposals/{world.proposal.pk}/confirm/", {}, format="json"
    )
    assert response.status_code == 200
    unit = Unit.objects.get(pk=response.json()["unit"])
    assert (unit.name, unit.parent_id) == ("Sistem ve Ağ Birimi", world.org.it.pk)
    assert world.regulation.duties.get(label="a").unit_id == unit.pk


def test_duty_confirm_moves_it_to_given_unit(world):
    response = client_for(world.users["director"]).post(
        f"{API}/duties/{world.duty.pk}/confirm/", {"unit": world.org.software.pk}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["unit"]) == ("confirmed", world.org.software.pk)
    assert _audit("duty.confirm", world.duty).actor_id == world.users["director"].pk


def test_regulation_import_stores_tree_and_proposals(world, fake_reader):
    response = client_for(world.users["director"]).post(
        f"{API}/regulations/import/", {"text": "YÖNETMELİK …", "source_name": "karasu.txt"}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["title"], data["source_name"], data["status"]) == (PARSED["title"], "karasu.txt", "imported")
    assert [a["number"] for a in data["articles"]] == [1, 9]
    assert [i["label"] for i in data["articles"][1]["paragraphs"][0]["items"]] == ["a", "b", "c"]
    assert [p["name"] for p in data["unit_proposals"]] == ["Sistem ve Ağ Birimi"]
    assert Regulation.objects.get(pk=data["id"]).duties.count() == 3


def test_regulation_retrieve_nests_articles_paragraphs_items(world):
    data = client_for(world.users["staff"]).get(f"{API}/regulations/{world.regulation.pk}/").json()
    article = data["articles"][1]
    assert (article["number"], article["heading"]) == (9, "Müdürlüğün görevleri")
    assert article["paragraphs"][0]["items"][0] == {
        "id": article["paragraphs"][0]["items"][0]["id"],
        "label": "a",
        "text": "Ağ altyapısını kurmak ve işletmek.",
    }
    assert data["article_count"] == 2
    assert data["proposed_duty_count"] == 3


# --- bad input: 400 with a message, nothing changes ------------------------------------------------
def _post_json(user, url, body, method="post"):
    return getattr(client_for(user), method)(url, body, format="json")


def test_unit_patch_parent_to_itself_is_400_and_unchanged(world):
    before = db_state()
    response = _post_json(
        world.users["director"], f"{API}/units/{world.org.it.pk}/", {"parent": world.org.it.pk}, "patch"
    )
    assert response.status_code == 400
    assert "parent" in response.json()
    assert db_state() == before


def test_subunit_without_parent_is_400(world):
    before = db_state()
    response = _post_json(world.users["director"], f"{API}/units/", {"name": "Birim", "kind": "subunit"})
    assert response.status_code == 400
    assert response.json()["parent"]
    assert db_state() == before


def test_person_create_without_last_name_is_400(world):
    before = db_state()
    response = _post_json(world.users["clerk"], f"{API}/people/", {"first_name": "Ali", "unit": world.org.it.pk})
    assert response.status_code == 400
    assert "last_name" in response.json()
    assert db_state() == before


def test_person_create_in_unit_outside_scope_is_400(world):
    before = db_state()
    response = _post_json(
        world.users["clerk"], f"{API}/people/", {"first_name": "Ali", "last_name": "Kaya", "unit": world.org.parks.pk}
    )
    assert response.status_code == 400
    assert "unit" in response.json()
    assert db_state() == before


def test_roles_with_exclusive_pair_is_400_and_unchanged(world):
    before = db_state()
    response = _post_json(
        world.users["admin"],
        f"{API}/users/{world.parks_staff.pk}/roles/",
        {"roles": ["property_record_officer", "property_control_officer"]},
    )
    assert response.status_code == 400
    assert response.json()["roles"]
    assert db_state() == before


def test_roles_with_unknown_role_is_400(world):
    response = _post_json(world.users["admin"], f"{API}/users/{world.parks_staff.pk}/roles/", {"roles": ["root"]})
    assert response.status_code == 400
    assert "roles" in response.json()


def test_deputyship_ending_before_it_starts_is_400(world):
    before = db_state()
    response = _post_json(
        world.users["director"],
        f"{API}/deputyships/",
        {
            "principal": world.parks_lead.pk,
            "deputy": world.parks_staff.pk,
            "role": "unit_lead",
            "start_date": "2031-01-10",
            "end_date": "2031-01-06",
            "reason": "assignment",
        },
    )
    assert response.status_code == 400
    assert response.json()["end_date"]
    assert db_state() == before


def test_deputyship_for_role_not_held_is_400(world):
    response = _post_json(
        world.users["director"],
        f"{API}/deputyships/",
        {
            "principal": world.parks_staff.pk,
            "deputy": world.parks_lead.pk,
            "role": "director",
            "start_date": "2031-01-06",
            "end_date": "2031-01-10",
            "reason": "assignment",
        },
    )
    assert response.status_code == 400
    assert response.json()["role"]


def test_leave_reject_with_blank_note_is_400_and_still_proposed(world):
    before = db_state()
    response = _post_json(world.users["director"], f"{API}/leave-plans/{world.leave.pk}/reject/", {"note": "   "})
    assert response.status_code == 400
    assert db_state() == before


def test_leave_approve_twice_is_400(world):
    url = f"{API}/leave-plans/{world.leave.pk}/approve/"
    assert _post_json(world.users["director"], url, {}).status_code == 200
    before = db_state()
    response = _post_json(world.users["director"], url, {})
    assert response.status_code == 400
    assert response.json()["detail"]
    assert db_state() == before


def test_duty_confirm_twice_is_400(world):
    url = f"{API}/duties/{world.duty.pk}/confirm/"
    assert _post_json(world.users["director"], url, {}).status_code == 200
    before = db_state()
    response = _post_json(world.users["director"], url, {})
    assert response.status_code == 400
    assert response.json()["detail"]
    assert db_state() == before


def test_duty_confirm_before_its_unit_is_400(world):
    duty = world.regulation.duties.get(label="a")  # its proposed unit is not confirmed yet
    before = db_state()
    response = _post_json(world.users["director"], f"{API}/duties/{duty.pk}/confirm/", {})
    assert response.status_code == 400
    assert "Sistem ve Ağ Birimi" in response.json()["detail"]
    assert db_state() == before


def test_regulation_import_parse_error_is_400_naming_line(world, fake_reader):
    before = db_state()
    response = _post_json(world.users["director"], f"{API}/regulations/import/", {"text": "BROKEN TEXT"})
    assert response.status_code == 400
    data = response.json()
    assert data["line"] == 12
    assert "12" in data["text"][0]
    assert "Article 3 appears twice" in data["text"][0]
    assert db_state() == before


def test_regulation_import_of_real_text_proposes_units_and_duties(world):
    text = (Path(organization.__file__).parent / "data/regulations/karasu-bilgi-islem-mudurlugu.txt").read_text()
    response = _post_json(
        world.users["director"],
        f"{API}/regulations/import/",
        {"text": text.replace("\n", "\r\n"), "source_name": "karasu.txt"},
    )
    assert response.status_code == 201, response.content
    regulation = Regulation.objects.get(pk=response.json()["id"])
    assert len(response.json()["articles"]) == regulation.provisions.filter(kind="article").count() > 5
    assert regulation.duties.count() > 0
    assert "\r" not in regulation.text
    assert _audit("regulation.import", regulation).actor_id == world.users["director"].pk


def test_regulation_import_with_repeated_article_is_400_naming_line(world):
    before = db_state()
    text = "YÖNETMELİK\r\nMadde 1 - Amaç\r\n(1) Amaç.\r\nMadde 1 - Kapsam\r\n(1) Kapsam."
    response = _post_json(world.users["director"], f"{API}/regulations/import/", {"text": text})
    assert response.status_code == 400
    assert response.json()["line"] == 4
    assert "line 4" in response.json()["text"][0]
    assert db_state() == before


def test_regulation_import_without_text_is_400(world, fake_reader):
    response = _post_json(world.users["director"], f"{API}/regulations/import/", {"source_name": "a.txt"})
    assert response.status_code == 400
    assert "text" in response.json()


def test_list_with_invalid_filter_value_is_400(world):
    response = client_for(world.users["staff"]).get(f"{API}/duties/", {"status": "bogus"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_list_page_out_of_range_is_404(world):
    assert client_for(world.users["staff"]).get(f"{API}/units/", {"page": 99}).status_code == 404


# --- mass assignment ---------------------------------------------------------------------------------
def test_person_patch_with_status_is_rejected_whole(world):
    person = world.it_person
    before = db_state()
    response = _post_json(
        world.users["director"],
        f"{API}/people/{person.pk}/",
        {"title": "Şef", "status": PersonStatus.DEPARTED},
        "patch",
    )
    assert response.status_code == 400
    assert response.json() == {"status": ["This field cannot be set."]}
    assert db_state() == before


def test_unit_patch_with_it_directorate_flag_is_rejected(world):
    before = db_state()
    response = _post_json(
        world.users["admin"],
        f"{API}/units/{world.org.finance.pk}/",
        {"is_it_directorate": True, "search_key": "x"},
        "patch",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"is_it_directorate", "search_key"}
    assert db_state() == before


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_user_cannot_be_edited_through_api(world, method):
    target = world.parks_staff
    before = db_state()
    response = _post_json(
        world.users["admin"],
        f"{API}/users/{target.pk}/",
        {"is_superuser": True, "is_staff": True, "groups": [1, 2]},
        method,
    )
    assert response.status_code == 405
    assert db_state() == before
    target.refresh_from_db()
    assert not target.is_superuser


def test_roles_post_smuggling_privilege_fields_is_rejected(world):
    target = world.parks_staff
    before = db_state()
    response = _post_json(
        world.users["admin"],
        f"{API}/users/{target.pk}/roles/",
        {"roles": ["admin"], "is_superuser": True, "user_permissions": [1]},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"is_superuser", "user_permissions"}
    assert db_state() == before


def test_leave_propose_with_approved_status_is_rejected(world):
    before = db_state()
    response = _post_json(
        world.users["chief"],
        f"{API}/leave-plans/",
        {
            "person": world.it_person.pk,
            "start_date": "2031-02-03",
            "end_date": "2031-02-07",
            "status": "approved",
            "decided_by": world.users["chief"].pk,
        },
    )
    assert response.status_code == 400
    assert set(response.json()) == {"status", "decided_by"}
    assert db_state() == before


def test_duty_confirm_with_status_in_body_is_rejected(world):
    before = db_state()
    response = _post_json(
        world.users["director"], f"{API}/duties/{world.duty.pk}/confirm/", {"status": "confirmed", "confirmed_by": 1}
    )
    assert response.status_code == 400
    assert db_state() == before


def test_delete_person_is_405_and_unchanged(world):
    before = db_state()
    response = _post_json(world.users["admin"], f"{API}/people/{world.it_person.pk}/", None, "delete")
    assert response.status_code == 405
    assert db_state() == before


# --- scope -------------------------------------------------------------------------------------------
def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_people_list_of_staff_shows_only_own_unit(world):
    staff = world.users["staff"]
    ids = _ids(client_for(staff).get(f"{API}/people/", {"page_size": 200}))
    assert ids == set(Person.objects.filter(unit=world.org.software).values_list("pk", flat=True))


def test_people_list_of_chief_includes_sub_units_but_not_other_directorates(world):
    ids = _ids(client_for(world.users["chief"]).get(f"{API}/people/", {"page_size": 200}))
    units = {world.org.it.pk, world.org.software.pk, world.org.support.pk}
    assert ids == set(Person.objects.filter(unit__in=units).values_list("pk", flat=True))


def test_units_list_of_director_shows_every_unit(world):
    assert _ids(client_for(world.users["director"]).get(f"{API}/units/")) == set(
        Unit.objects.values_list("pk", flat=True)
    )


def test_deputyship_list_of_chief_hides_other_directorate(world):
    assert world.deputyship.pk not in _ids(client_for(world.users["chief"]).get(f"{API}/deputyships/"))


def test_active_deputyship_widens_scope_of_deputy(world, make_user):
    deputy = make_user("chief", unit=world.org.it)
    url = f"{API}/people/{world.parks_staff.person_id}/"
    assert client_for(deputy).get(url).status_code == 404
    services.deputyship_create(
        actor=None,
        principal=world.parks_lead,
        deputy=deputy,
        role="unit_lead",
        start_date=dt.date.today() + dt.timedelta(days=11),
        end_date=dt.date.today() + dt.timedelta(days=20),
        unit=world.org.parks,
    )
    assert client_for(deputy).get(url).status_code == 404  # not active yet
    services.deputyship_cancel(deputyship=world.deputyship, actor=world.users["admin"])
    services.deputyship_create(
        actor=None,
        principal=world.parks_lead,
        deputy=deputy,
        role="unit_lead",
        start_date=dt.date.today(),
        end_date=dt.date.today() + dt.timedelta(days=5),
        unit=world.org.parks,
    )
    assert client_for(deputy).get(url).status_code == 200


def test_leave_propose_for_person_outside_scope_is_400(world):
    before = db_state()
    response = _post_json(
        world.users["chief"],
        f"{API}/leave-plans/",
        {
            "person": world.parks_staff.person_id,
            "start_date": "2031-02-03",
            "end_date": "2031-02-07",
        },
    )
    assert response.status_code == 400
    assert "person" in response.json()
    assert db_state() == before


# --- filters -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["ışık", "IŞIK", "isik", "Işık"])
def test_people_search_matches_turkish_letters(world, query):
    ids = _ids(client_for(world.users["director"]).get(f"{API}/people/", {"search": query}))
    assert ids == {world.it_person.pk}


def test_duties_filter_by_status_article_unit_and_search(world):
    client = client_for(world.users["staff"])
    services.duty_confirm(duties=[world.duty], actor=world.users["director"], unit=world.org.software)
    assert _ids(client.get(f"{API}/duties/", {"status": "confirmed"})) == {world.duty.pk}
    assert _ids(client.get(f"{API}/duties/", {"unit": world.org.software.pk})) == {world.duty.pk}
    assert len(_ids(client.get(f"{API}/duties/", {"article": 9}))) == 3
    assert _ids(client.get(f"{API}/duties/", {"article": 1})) == set()
    ids = _ids(client.get(f"{API}/duties/", {"search": "isik"}))
    assert ids == {world.regulation.duties.get(label="c").pk}


def test_users_filter_by_role(world):
    ids = _ids(client_for(world.users["admin"]).get(f"{API}/users/", {"role": "mayor"}))
    assert ids == {world.mayor.pk}


def test_leave_plans_filter_by_status(world):
    client = client_for(world.users["director"])
    assert _ids(client.get(f"{API}/leave-plans/", {"status": "proposed"})) == {world.leave.pk}
    assert _ids(client.get(f"{API}/leave-plans/", {"status": "approved"})) == set()


# --- /me/ --------------------------------------------------------------------------------------------
def test_me_of_requester_has_role_unit_and_no_permissions(world):
    data = client_for(world.users["requester"]).get("/api/v1/me/").json()
    assert [r["code"] for r in data["roles"]] == ["requester"]
    assert data["unit"] == {"id": world.org.finance.pk, "name": world.org.finance.name}
    assert data["permissions"] == []
    assert (data["is_it_staff"], data["sees_all_units"], data["acting"]) == (False, False, [])


def test_me_of_acting_director_lists_deputyship_and_lent_permissions(world):
    chief, director = world.users["chief"], world.users["director"]
    today = dt.date.today()
    deputyship = services.deputyship_create(
        actor=None,
        principal=director,
        deputy=chief,
        role="director",
        start_date=today,
        end_date=today + dt.timedelta(days=3),
    )
    data = client_for(chief).get("/api/v1/me/").json()
    assert [(a["id"], a["role"], a["unit"]) for a in data["acting"]] == [(deputyship.pk, "director", world.org.it.pk)]
    assert "organization.approve_leaveplan" in data["permissions"]
    assert data["sees_all_units"] is True


# --- query counts ------------------------------------------------------------------------------------
def _grow(world, n: int) -> None:
    """Add n more rows of every listed kind."""
    director, admin = world.users["director"], world.users["admin"]
    for i in range(n):
        unit = services.unit_create(actor=None, name=f"Birim {i}", kind="subunit", parent=world.org.parks)
        user = services.user_create(
            username=f"grow{Unit.objects.count()}-{i}",
            actor=None,
            roles=["staff", "clerk"],
            person=make_person(unit, "Ek", f"Kişi {i}"),
        )
        lead = services.user_create(
            username=f"lead{Unit.objects.count()}-{i}",
            actor=None,
            roles=["unit_lead"],
            person=make_person(unit, "Şef", f"Kişi {i}"),
        )
        services.deputyship_create(
            actor=None,
            principal=lead,
            deputy=user,
            role="unit_lead",
            unit=unit,
            start_date=dt.date(2032, 1, 5),
            end_date=dt.date(2032, 1, 9),
        )
        services.leave_propose(
            actor=director,
            person=user.person,
            start_date=dt.date(2032, 3, 1),
            end_date=dt.date(2032, 3, 5),
            acting=lead,
        )
        services.signature_delegation_create(
            actor=admin, delegator=world.mayor, delegate=user, scope="internal", start_date=dt.date(2032, 1, 1)
        )
        import_regulation(unit=unit)


LIST_URLS = [
    "units",
    "people",
    "users",
    "deputyships",
    "signature-delegations",
    "leave-plans",
    "regulations",
    "unit-proposals",
    "duties",
]


@pytest.mark.parametrize("name", LIST_URLS)
def test_list_query_count_does_not_grow_with_rows(world, name):
    client = client_for(world.users["admin"])
    url = f"{API}/{name}/?page_size=200"

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["count"]

    _grow(world, 1)
    small, rows_small = count()
    _grow(world, 4)
    large, rows_large = count()
    assert rows_large > rows_small
    assert small == large
    assert large <= 15


def test_me_query_count_is_bounded(world, django_assert_max_num_queries):
    client = client_for(world.users["chief"])
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/me/").status_code == 200


def test_input_serializers_expose_no_status_or_privilege_fields():
    from bilgiislem.organization.api import serializers as s

    for serializer in (
        s.PersonInputSerializer,
        s.LeavePlanInputSerializer,
        s.UnitInputSerializer,
        s.DeputyshipInputSerializer,
        s.SignatureDelegationInputSerializer,
    ):
        fields = set(serializer().fields)
        assert not fields & {
            "status",
            "is_superuser",
            "is_staff",
            "groups",
            "user_permissions",
            "decided_by",
            "confirmed_by",
            "cancelled_at",
            "revoked_at",
            "is_it_directorate",
            "proposed_by",
        }


def test_unknown_api_path_is_json_404(world):
    response = client_for(world.users["staff"]).get(f"{API}/units/0.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_form_encoded_write_is_415_and_unchanged(world):
    before = db_state()
    response = client_for(world.users["clerk"]).post(
        f"{API}/people/", {"first_name": "Ali", "last_name": "Kaya", "unit": world.org.it.pk}, format="multipart"
    )
    assert response.status_code == 415
    assert db_state() == before


def test_unknown_api_path_write_with_session_is_json_404(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["clerk"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.patch(f"{API}/people/0.5/", {"title": "x"}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
