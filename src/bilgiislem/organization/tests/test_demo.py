import pytest
from django.core.management import CommandError, call_command

from bilgiislem.core.audit import audit_chain_verify
from bilgiislem.organization.choices import ProposalStatus, RegulationStatus
from bilgiislem.organization.demo import DEMO_USERNAMES
from bilgiislem.organization.models import Deputyship, Duty, LeavePlan, Municipality, Regulation, Unit, User

EXPECTED_ROLES = {
    "mudur": "director",
    "sef": "chief",
    "teknisyen": "staff",
    "memur": "clerk",
    "arsiv": "archive_officer",
    "kayit": "property_record_officer",
    "kontrol": "property_control_officer",
    "baskanyrd": "deputy_mayor",
    "baskan": "mayor",
    "talep1": "requester",
    "talep2": "requester",
}


@pytest.fixture
def korfez_demo(db):
    call_command("demo_load", "--regulation", "korfez", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_load_korfez_builds_fixed_users_in_every_role(korfez_demo):
    for username, role in EXPECTED_ROLES.items():
        user = User.objects.get(username=username)
        assert user.groups.filter(name=role).exists(), (username, role)
        assert user.check_password("Demo.2026!")
    assert {u for u, _r in DEMO_USERNAMES} >= set(EXPECTED_ROLES)


def test_demo_load_korfez_confirms_the_regulation_units_and_duties(korfez_demo):
    regulation = Regulation.objects.get()
    assert regulation.status == RegulationStatus.CONFIRMED
    it = Unit.objects.get(is_it_directorate=True)
    names = set(Unit.objects.filter(parent=it).values_list("name", flat=True))
    assert len(names) == 4
    assert any("Kalite" in n for n in names)
    assert not Duty.objects.filter(status=ProposalStatus.PROPOSED).exists()
    assert Duty.objects.filter(unit__isnull=True, article=6).exists()  # directorate-wide duties of Madde 6
    assert Duty.objects.filter(unit__parent=it).exists()  # unit duties of Madde 7–10


def test_demo_load_requesters_sit_in_two_different_directorates(korfez_demo):
    one, two = (User.objects.get(username=u).person.unit for u in ("talep1", "talep2"))
    assert one != two
    assert not one.is_it_directorate and not two.is_it_directorate


def test_demo_load_record_and_control_officers_are_different_people(korfez_demo):
    kayit, kontrol = User.objects.get(username="kayit"), User.objects.get(username="kontrol")
    assert kayit.person_id != kontrol.person_id
    assert not kayit.groups.filter(name="property_control_officer").exists()


def test_demo_load_approved_director_leave_makes_the_chief_acting_director(korfez_demo):
    deputyship = Deputyship.objects.get(role="director")
    assert deputyship.deputy.username == "sef"
    assert deputyship.leave.status == "approved"
    assert LeavePlan.objects.filter(status="proposed").exists()


def test_demo_load_writes_an_intact_audit_chain(korfez_demo):
    checked, broken = audit_chain_verify()
    assert broken is None
    assert checked > 50


def test_demo_load_refuses_a_database_that_already_has_a_municipality(korfez_demo):
    with pytest.raises(CommandError):
        call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("demo_load", "--if-empty", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Municipality.objects.count() == 1


def test_demo_load_karasu_uses_the_karasu_units(db):
    call_command("demo_load", "--regulation", "karasu", stdout=open("/dev/null", "w"))  # noqa: SIM115
    it = Unit.objects.get(is_it_directorate=True)
    assert Unit.objects.filter(parent=it).count() == 4
    assert Duty.objects.filter(article=6, unit__isnull=True).count() == 25
