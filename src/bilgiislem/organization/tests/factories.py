"""Test data for every app: an organisation and users in each role, built through the services."""

from dataclasses import dataclass

from bilgiislem.organization import services
from bilgiislem.organization.choices import UnitKind
from bilgiislem.organization.models import Municipality, Person, Unit, User


@dataclass
class Org:
    municipality: Municipality
    it: Unit  # Bilgi İşlem Müdürlüğü
    software: Unit  # a sub-unit of the IT directorate
    support: Unit  # another sub-unit of the IT directorate
    finance: Unit  # another directorate (requesters)
    parks: Unit  # another directorate (requesters)


def build_org() -> Org:
    municipality = Municipality.objects.create(
        name="Örnekköy Belediyesi",
        detsis_number="12345678",
        address="Cumhuriyet Cad. No:1 Örnekköy",
        phone="0262 000 00 00",
    )
    it = services.unit_create(actor=None, name="Bilgi İşlem Müdürlüğü", is_it_directorate=True)
    software = services.unit_create(actor=None, name="Yazılım Birimi", kind=UnitKind.SUBUNIT, parent=it)
    support = services.unit_create(actor=None, name="Teknik Destek Birimi", kind=UnitKind.SUBUNIT, parent=it)
    finance = services.unit_create(actor=None, name="Mali Hizmetler Müdürlüğü")
    parks = services.unit_create(actor=None, name="Park ve Bahçeler Müdürlüğü")
    return Org(municipality, it, software, support, finance, parks)


_counter = {"n": 0}


def user_with_role(
    role,
    *,
    unit: Unit,
    username: str | None = None,
    first_name: str = "Test",
    last_name: str | None = None,
    password: str | None = None,
) -> User:
    roles = [] if role is None else ([role] if isinstance(role, str) else list(role))
    _counter["n"] += 1
    username = username or f"{(roles[0] if roles else 'user')}{_counter['n']}"
    person = services.person_create(
        actor=None, first_name=first_name, last_name=last_name or username.capitalize(), unit=unit, title="Memur"
    )
    return services.user_create(username=username, actor=None, person=person, password=password, roles=roles)


def confirmed_totp_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def person(unit: Unit, first_name: str = "Ayşe", last_name: str = "Yılmaz") -> Person:
    return services.person_create(actor=None, first_name=first_name, last_name=last_name, unit=unit)
