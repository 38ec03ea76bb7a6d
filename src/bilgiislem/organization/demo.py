"""The organisation part of the demo municipality, built from a regulation text through the services.

Demo users have fixed usernames so scripts and tests can rely on them. Their password is
``settings.DEMO_PASSWORD`` — demo only; a production install has no default accounts.
"""

import datetime as dt
from importlib import resources

from django.conf import settings
from django.utils import timezone

from bilgiislem.core.calendar import add_working_days

from . import services
from .choices import DelegationScope, EmploymentType, ProposalStatus, UnitKind
from .models import Municipality, Unit, User
from .roles import (
    ADMIN,
    ARCHIVE_OFFICER,
    CHIEF,
    CLERK,
    DEPUTY_MAYOR,
    DIRECTOR,
    MAYOR,
    PROPERTY_CONTROL_OFFICER,
    PROPERTY_RECORD_OFFICER,
    REQUESTER,
    STAFF,
    UNIT_LEAD,
)

REGULATIONS = {
    "korfez": ("korfez-bilgi-islem-mudurlugu.txt", "Körfez Belediyesi", "Körfez / KOCAELİ"),
    "karasu": ("karasu-bilgi-islem-mudurlugu.txt", "Karasu Belediyesi", "Karasu / SAKARYA"),
}

# The directorates of a typical Turkish municipality (all of them are requesters of the IT directorate).
DIRECTORATES = [
    "Yazı İşleri Müdürlüğü",
    "Mali Hizmetler Müdürlüğü",
    "İnsan Kaynakları ve Eğitim Müdürlüğü",
    "Fen İşleri Müdürlüğü",
    "İmar ve Şehircilik Müdürlüğü",
    "Park ve Bahçeler Müdürlüğü",
    "Zabıta Müdürlüğü",
    "Temizlik İşleri Müdürlüğü",
    "Kültür ve Sosyal İşler Müdürlüğü",
    "Destek Hizmetleri Müdürlüğü",
    "Hukuk İşleri Müdürlüğü",
    "Strateji Geliştirme Müdürlüğü",
    "Çevre Koruma ve Kontrol Müdürlüğü",
    "Emlak ve İstimlak Müdürlüğü",
    "Basın Yayın ve Halkla İlişkiler Müdürlüğü",
    "Sağlık İşleri Müdürlüğü",
    "Ulaşım Hizmetleri Müdürlüğü",
    "Veteriner İşleri Müdürlüğü",
    "Özel Kalem Müdürlüğü",
    "İklim Değişikliği ve Sıfır Atık Müdürlüğü",
]

EXTERNAL_BODIES = ["Körfez Kaymakamlığı", "Körfez Tapu Müdürlüğü", "Atatürk İlkokulu", "Yarımca Mahalle Muhtarlığı"]


def load_regulation_text(key: str) -> str:
    filename = REGULATIONS[key][0]
    return resources.files("bilgiislem.organization").joinpath("data", "regulations", filename).read_text("utf-8")


def _unit_by_keyword(units: list[Unit], *keywords: str) -> Unit | None:
    from bilgiislem.core.turkish import search_key

    for unit in units:
        name = search_key(unit.name)
        if any(search_key(k) in name for k in keywords):
            return unit
    return None


def build(ctx: dict) -> None:
    from .regulation_reader import parse

    key = ctx.get("regulation", "korfez")
    _filename, municipality_name, place = REGULATIONS[key]
    today = timezone.localdate()
    password = settings.DEMO_PASSWORD

    Municipality.objects.create(
        name=municipality_name,
        detsis_number="99999999",
        address=f"Belediye Hizmet Binası, Cumhuriyet Meydanı No: 1, {place}",
        phone="0 (262) 000 00 00",
        fax="0 (262) 000 00 01",
        email="bilgiislem@ornek.bel.tr",
        kep_address="ornekbelediyesi@hs01.kep.tr",
        website="https://www.ornek.bel.tr",
    )
    it = services.unit_create(
        actor=None, name="Bilgi İşlem Müdürlüğü", is_it_directorate=True, code="BIM", email="bilgiislem@ornek.bel.tr"
    )
    directorates = {name: services.unit_create(actor=None, name=name) for name in DIRECTORATES}
    presidency = services.unit_create(actor=None, name="Başkanlık Makamı", short_name="Başkanlık")
    for name in EXTERNAL_BODIES:
        services.unit_create(actor=None, name=name, kind=UnitKind.EXTERNAL)

    def person_user(username, first, last, title, unit, roles, employment=EmploymentType.CIVIL_SERVANT):
        person = services.person_create(
            actor=None,
            first_name=first,
            last_name=last,
            title=title,
            unit=unit,
            employment_type=employment,
            email=f"{username}@ornek.bel.tr",
            started_on=dt.date(2015, 3, 2),
        )
        return services.user_create(
            username=username, actor=None, person=person, email=person.email, password=password, roles=roles
        )

    users: dict[str, User] = {}
    users["mudur"] = person_user("mudur", "Hakan", "Yıldırım", "Bilgi İşlem Müdürü", it, [DIRECTOR])

    # The regulation: import, confirm its units and duties (a person would do this in the UI).
    text = load_regulation_text(key)
    regulation = services.regulation_import(
        actor=users["mudur"], parsed=parse(text), text=text, source_name=REGULATIONS[key][0], unit=it
    )
    for proposal in regulation.unit_proposals.filter(status=ProposalStatus.PROPOSED):
        services.unit_proposal_confirm(proposal=proposal, actor=users["mudur"])
    services.duty_confirm(duties=list(regulation.duties.filter(status=ProposalStatus.PROPOSED)), actor=users["mudur"])
    subunits = list(Unit.objects.filter(parent=it).order_by("pk"))
    first = subunits[0] if subunits else it
    technical = _unit_by_keyword(subunits, "Elektronik", "Teknik Destek", "Sistem") or first
    admin_office = _unit_by_keyword(subunits, "İdari", "Kalem") or first
    software = _unit_by_keyword(subunits, "Yazılım", "Bilgi İşlem Şefliği") or first
    quality = _unit_by_keyword(subunits, "Kalite") or software

    users["sef"] = person_user("sef", "Elif", "Kaya", "Bilgi İşlem Şefi", software, [CHIEF])
    users["birimsorumlusu"] = person_user("birimsorumlusu", "Murat", "Öztürk", "Büro Sorumlusu", technical, [UNIT_LEAD])
    users["teknisyen"] = person_user(
        "teknisyen", "Emre", "Çelik", "Tekniker", technical, [STAFF], EmploymentType.CONTRACTED
    )
    users["yazilimci"] = person_user(
        "yazilimci", "Zeynep", "Arslan", "Bilgisayar Mühendisi", software, [STAFF], EmploymentType.CONTRACTED
    )
    users["memur"] = person_user("memur", "Ayşe", "Demir", "Memur", admin_office, [CLERK])
    users["arsiv"] = person_user("arsiv", "Mehmet", "Şahin", "Arşiv Memuru", admin_office, [ARCHIVE_OFFICER])
    users["kayit"] = person_user(
        "kayit", "Fatma", "Koç", "Taşınır Kayıt Yetkilisi", admin_office, [PROPERTY_RECORD_OFFICER]
    )
    users["kontrol"] = person_user(
        "kontrol", "Ali", "Aydın", "Taşınır Kontrol Yetkilisi", quality, [PROPERTY_CONTROL_OFFICER]
    )
    users["yonetici"] = person_user(
        "yonetici", "Deniz", "Aksoy", "Sistem Yöneticisi", software, [ADMIN, STAFF], EmploymentType.COMPANY
    )
    users["baskanyrd"] = person_user(
        "baskanyrd", "Serkan", "Yücel", "Belediye Başkan Yardımcısı", presidency, [DEPUTY_MAYOR], EmploymentType.ELECTED
    )
    users["baskan"] = person_user(
        "baskan", "İsmail", "Güneş", "Belediye Başkanı", presidency, [MAYOR], EmploymentType.ELECTED
    )
    users["talep1"] = person_user(
        "talep1", "Gülşen", "Erdoğan", "Muhasebe Memuru", directorates["Mali Hizmetler Müdürlüğü"], [REQUESTER]
    )
    users["talep2"] = person_user(
        "talep2",
        "Oğuz",
        "Kılıç",
        "Peyzaj Mimarı",
        directorates["Park ve Bahçeler Müdürlüğü"],
        [REQUESTER],
        EmploymentType.WORKER,
    )
    # People without a login, so lists look like a real directorate.
    for first_name, last_name, title, unit in [
        ("Burak", "Polat", "Tekniker", technical),
        ("Seda", "Yalçın", "Programcı", software),
        ("Kemal", "Işık", "Telsiz Teknisyeni", technical),
        ("İpek", "Uysal", "Veri Hazırlama ve Kontrol İşletmeni", admin_office),
    ]:
        services.person_create(
            actor=None,
            first_name=first_name,
            last_name=last_name,
            title=title,
            unit=unit,
            employment_type=EmploymentType.WORKER,
        )

    # Leave: the director's approved leave makes the chief acting director; others await a decision.
    director_start = add_working_days(today, 10)
    services.leave_approve(
        leave=services.leave_propose(
            actor=users["mudur"],
            person=users["mudur"].person,
            start_date=director_start,
            end_date=add_working_days(director_start, 4),
            acting=users["sef"],
            note="Yıllık izin",
        ),
        actor=users["yonetici"],
        note="Uygundur.",
    )
    services.leave_approve(
        leave=services.leave_propose(
            actor=users["birimsorumlusu"],
            person=users["teknisyen"].person,
            start_date=add_working_days(today, 3),
            end_date=add_working_days(today, 7),
        ),
        actor=users["mudur"],
        note="Uygundur.",
    )
    services.leave_propose(
        actor=users["sef"],
        person=users["yazilimci"].person,
        start_date=add_working_days(today, 20),
        end_date=add_working_days(today, 29),
        note="Yıllık izin planı",
    )
    services.leave_propose(
        actor=users["mudur"],
        person=users["memur"].person,
        start_date=add_working_days(today, 35),
        end_date=add_working_days(today, 39),
    )
    services.signature_delegation_create(
        actor=users["baskan"],
        delegator=users["baskan"],
        delegate=users["baskanyrd"],
        scope=DelegationScope.EXTERNAL,
        start_date=dt.date(today.year, 1, 1),
        decision_reference="İmza Yetkileri Yönergesi",
    )
    ctx.update(
        municipality=Municipality.current(), it=it, users=users, regulation=regulation, directorates=directorates
    )


DEMO_USERNAMES = [
    ("mudur", "director"),
    ("sef", "chief"),
    ("birimsorumlusu", "unit lead"),
    ("teknisyen", "staff"),
    ("yazilimci", "staff"),
    ("memur", "clerk"),
    ("arsiv", "archive officer"),
    ("kayit", "taşınır kayıt yetkilisi"),
    ("kontrol", "taşınır kontrol yetkilisi"),
    ("yonetici", "system administrator"),
    ("baskanyrd", "deputy mayor"),
    ("baskan", "mayor"),
    ("talep1", "requester, Mali Hizmetler"),
    ("talep2", "requester, Park ve Bahçeler"),
]
