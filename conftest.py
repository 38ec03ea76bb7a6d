"""Shared fixtures: the organisation every test stands on, users in each role, API clients."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def org(db):
    """A small municipality: the IT directorate with two sub-units, and two other directorates."""
    from bilgiislem.organization.tests.factories import build_org

    return build_org()


@pytest.fixture
def make_user(db, org):
    """make_user(role, unit=None, username=None) -> User with a Person in ``unit`` (default: IT directorate)."""
    from bilgiislem.organization.tests.factories import user_with_role

    def _make(role: str | list[str] | None, unit=None, username: str | None = None, **kwargs):
        return user_with_role(role, unit=unit or org.it, username=username, **kwargs)

    return _make


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def client_as(client):
    """client_as(user) -> the Django test client, logged in as ``user`` with the second factor satisfied."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        from django_otp import DEVICE_ID_SESSION_KEY

        from bilgiislem.organization.tests.factories import confirmed_totp_device

        if user.is_superuser or user.groups.filter(name__in=["director", "admin"]).exists():
            device = confirmed_totp_device(user)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _login


# --- LDAP: a real OpenLDAP server for the tests marked ``ldap`` (organization/tests/test_ldap.py) ---------------
LDAP_BASE_DN = "dc=belediye,dc=local"
LDAP_PEOPLE_DN = f"ou=people,{LDAP_BASE_DN}"
LDAP_PASSWORDS = {"ayse.yilmaz": "Dizin.Parola-2026", "mehmet.demir": "Baska.Parola-2026"}


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ssha(password: str) -> str:
    """An OpenLDAP {SSHA} hash: base64(sha1(password + salt) + salt)."""
    import base64
    import hashlib

    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()  # noqa: S324


@pytest.fixture(scope="session")
def slapd(tmp_path_factory):
    """A throw-away slapd on 127.0.0.1 with dc=belediye,dc=local, a service account and two people.

    Runs as the current user (no privileges needed) and is killed at the end of the session. Yields a dict
    with ``uri``, ``base_dn``, ``people_dn``, ``bind_dn``, ``bind_password`` and ``passwords`` (uid -> password).
    Skips when slapd is not installed (CI installs the Debian packages slapd and ldap-utils).
    """
    import shutil
    import subprocess
    import time
    from pathlib import Path

    slapd_bin = shutil.which("slapd") or next((p for p in ("/usr/sbin/slapd",) if Path(p).exists()), None)
    schema_dir = Path("/etc/ldap/schema")
    if slapd_bin is None or not (schema_dir / "inetorgperson.schema").exists():
        pytest.skip("OpenLDAP's slapd is not installed: `apt-get install slapd ldap-utils` to run the LDAP tests")
    import ldap

    workdir = tmp_path_factory.mktemp("slapd")
    (workdir / "data").mkdir()
    port = _free_port()
    uri = f"ldap://127.0.0.1:{port}/"
    root_dn, root_password = f"cn=admin,{LDAP_BASE_DN}", "Kok.Parola-2026"
    bind_dn, bind_password = f"cn=bilgiislem,{LDAP_BASE_DN}", "Servis.Parola-2026"
    module_dir = Path("/usr/lib/ldap")
    modules = f"modulepath {module_dir}\nmoduleload back_mdb\n" if (module_dir / "back_mdb.so").exists() else ""
    (workdir / "slapd.conf").write_text(
        f"include {schema_dir}/core.schema\n"
        f"include {schema_dir}/cosine.schema\n"
        f"include {schema_dir}/inetorgperson.schema\n"
        f"pidfile {workdir}/slapd.pid\n"
        f"argsfile {workdir}/slapd.args\n"
        f"{modules}"
        "database mdb\n"
        "maxsize 10485760\n"
        f'suffix "{LDAP_BASE_DN}"\n'
        f'rootdn "{root_dn}"\n'
        f"rootpw {_ssha(root_password)}\n"
        f"directory {workdir}/data\n"
        "access to attrs=userPassword by anonymous auth by * none\n"
        "access to * by * read\n"
    )
    log_path = workdir / "slapd.log"
    with log_path.open("wb") as log_file:
        # -d 0: stay in the foreground (so the fixture owns the process) without debug output.
        proc = subprocess.Popen(
            [slapd_bin, "-d", "0", "-h", uri, "-f", str(workdir / "slapd.conf")],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        conn, deadline = None, time.monotonic() + 15
        while conn is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                output = log_path.read_text(errors="replace")
                hint = " (an AppArmor profile for slapd may forbid the temp dir)" if "ermission" in output else ""
                pytest.fail(f"slapd did not start{hint}:\n{output}")
            try:
                conn = ldap.initialize(uri)
                conn.simple_bind_s(root_dn, root_password)
            except ldap.SERVER_DOWN:
                conn = None
                time.sleep(0.1)

        def add(dn: str, **attrs):
            entry = [(k, [v.encode() for v in (vs if isinstance(vs, list) else [vs])]) for k, vs in attrs.items()]
            conn.add_s(dn, entry)

        add(LDAP_BASE_DN, objectClass=["top", "dcObject", "organization"], dc="belediye", o="Örnekköy Belediyesi")
        add(
            bind_dn,
            objectClass=["organizationalRole", "simpleSecurityObject"],
            cn="bilgiislem",
            userPassword=_ssha(bind_password),
        )
        add(LDAP_PEOPLE_DN, objectClass=["top", "organizationalUnit"], ou="people")
        add(
            f"uid=ayse.yilmaz,{LDAP_PEOPLE_DN}",
            objectClass=["inetOrgPerson"],
            uid="ayse.yilmaz",
            cn="Ayşe Yılmaz",
            givenName="Ayşe",
            sn="Yılmaz",
            mail="ayse.yilmaz@belediye.local",
            userPassword=_ssha(LDAP_PASSWORDS["ayse.yilmaz"]),
        )
        add(
            f"uid=mehmet.demir,{LDAP_PEOPLE_DN}",
            objectClass=["inetOrgPerson"],
            uid="mehmet.demir",
            cn="Mehmet Demir",
            givenName="Mehmet",
            sn="Demir",
            mail="mehmet.demir@belediye.local",
            userPassword=_ssha(LDAP_PASSWORDS["mehmet.demir"]),
        )
        conn.unbind_s()
        yield {
            "uri": uri,
            "base_dn": LDAP_BASE_DN,
            "people_dn": LDAP_PEOPLE_DN,
            "bind_dn": bind_dn,
            "bind_password": bind_password,
            "passwords": dict(LDAP_PASSWORDS),
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def ldap_enabled(slapd, settings, monkeypatch):
    """Settings as with BILGIISLEM_USE_LDAP=1 pointing at ``slapd`` (settings read env at import, so the
    BILGIISLEM_LDAP_* variables are set here and config.ldap.ldap_settings() is applied through ``settings``)."""
    from bilgiislem.config.ldap import authentication_backends, ldap_settings

    env = {
        "BILGIISLEM_USE_LDAP": "1",
        "BILGIISLEM_LDAP_SERVER_URI": slapd["uri"],
        "BILGIISLEM_LDAP_BIND_DN": slapd["bind_dn"],
        "BILGIISLEM_LDAP_BIND_PASSWORD": slapd["bind_password"],
        "BILGIISLEM_LDAP_USER_SEARCH_BASE": slapd["people_dn"],
        "BILGIISLEM_LDAP_USER_FILTER": "(uid=%(user)s)",
        "BILGIISLEM_LDAP_TIMEOUT": "3",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name, value in ldap_settings().items():
        setattr(settings, name, value)
    settings.USE_LDAP = True
    settings.AUTHENTICATION_BACKENDS = authentication_backends(use_ldap=True)
    return slapd


@pytest.fixture
def unreachable_ldap_uri():
    """An ldap:// URI on a local port where nothing listens (a directory that is down)."""
    return f"ldap://127.0.0.1:{_free_port()}/"
