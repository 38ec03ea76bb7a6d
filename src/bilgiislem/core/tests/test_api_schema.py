"""The OpenAPI schema and the offline API docs: valid OpenAPI 3, every /api/v1/ route documented with its error
answers, closed request bodies, and a docs page that loads nothing from another host."""

import re
from html.parser import HTMLParser

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.validation import validate_schema

from bilgiislem.config.api_urls import api_not_found

API_PREFIX = "/api/v1/"
# The organisation API promises documented errors; other apps' endpoints are checked as they opt in.
HONEST_PREFIXES = ("/api/v1/organization/", "/api/v1/me/")


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def _routes(patterns, prefix: str = ""):
    """Every URL of the resolver as a template with ``{}`` for each parameter."""
    for pattern in patterns:
        route = str(pattern.pattern)
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "{}", route)  # regex groups (routers) first, then <converter:name>
        route = re.sub(r"<(?:\w+:)?\w+>", "{}", route)
        route = route.removeprefix("^").removesuffix("$").replace("\\.", ".")
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and pattern.callback is not api_not_found:  # the JSON 404 catch-all
            yield "/" + prefix + route


def _template(path: str) -> str:
    return re.sub(r"\{\w+\}", "{}", path)


def _operations(schema: dict, prefixes=(API_PREFIX,)):
    for path, item in schema["paths"].items():
        if not path.startswith(prefixes):
            continue
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.0")
    validate_schema(schema)  # raises on any violation of the OpenAPI 3.0 JSON schema


def test_schema_lists_every_api_v1_route(schema):
    routes = {r for r in _routes(get_resolver().url_patterns) if r.startswith(API_PREFIX)}
    documented = {_template(p) for p in schema["paths"]}
    assert routes, "no /api/v1/ routes found"
    assert routes - documented == set()
    assert {"/api/v1/me/", "/api/v1/organization/units/{}/", "/api/v1/organization/regulations/import/"} <= routes


def test_schema_documents_error_answers(schema):
    missing = []
    for path, method, operation in _operations(schema, HONEST_PREFIXES):
        codes = set(operation["responses"])
        expected = {"401", "403"}
        if "{" in path:
            expected.add("404")
        if method != "get":
            expected.add("400")
        if "parameters" in operation and any(p["in"] == "query" for p in operation["parameters"]):
            expected |= {"400", "404"}  # bad filter value, page out of range
        if not expected <= codes:
            missing.append((method, path, sorted(expected - codes)))
    assert missing == []


def test_schema_request_bodies_reject_unknown_fields(schema):
    components = schema["components"]["schemas"]
    open_bodies = []
    for path, method, operation in _operations(schema, HONEST_PREFIXES):
        body = operation.get("requestBody")
        if body is None:
            continue
        ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        if components[ref].get("additionalProperties") is not False:
            open_bodies.append((method, path, ref))
    assert open_bodies == []


def test_schema_status_and_privilege_fields_are_not_writable(schema):
    components = schema["components"]["schemas"]
    forbidden = {
        "status",
        "is_superuser",
        "is_staff",
        "groups",
        "user_permissions",
        "decided_by",
        "decided_at",
        "confirmed_by",
        "cancelled_at",
        "revoked_at",
        "is_it_directorate",
        "proposed_by",
        "working_days",
    }
    writable = {
        name: set(c.get("properties", {})) & forbidden for name, c in components.items() if name.endswith("Request")
    }
    assert {name: fields for name, fields in writable.items() if fields} == {}


def test_schema_operations_require_authentication(schema):
    for path, method, operation in _operations(schema):
        assert operation.get("security"), (method, path)
        assert {} not in operation["security"], (method, path)  # no anonymous access


def test_spectacular_validate_passes_without_warnings(tmp_path):
    # --fail-on-warn turns every schema warning (unresolvable type, enum collision, …) into an error
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert yaml.safe_load((tmp_path / "schema.yml").read_text())["paths"]


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        self._in_script = tag == "script" and not attrs.get("src")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)

    def handle_endtag(self, tag):
        self._in_script = False


@pytest.fixture
def docs_page(client) -> tuple[str, _Assets]:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    parser = _Assets()
    parser.feed(html)
    return html, parser


def test_api_docs_load_only_local_static_assets(docs_page):
    html, assets = docs_page
    assert assets.urls, "the docs page references no assets"
    # Static files, plus the page's own init script (served by the view itself as /api/docs/?script=).
    assert [u for u in assets.urls if not u.startswith(("/static/", "/api/docs/?script"))] == []
    assert re.findall(r"https?://[^\s\"'<>]+", html) == []  # nothing fetched from other hosts
    for url in [u for u in assets.urls if u.startswith("/static/")]:
        path = url.removeprefix("/static/").split("?")[0]
        assert finders.find(path), f"{url} is not shipped (the docs must work offline)"


def test_api_docs_have_no_inline_script(docs_page):
    _html, assets = docs_page
    assert assets.inline_scripts == []


def test_api_docs_init_script_is_served_as_javascript(client, docs_page):
    _html, assets = docs_page
    script = next(u for u in assets.urls if u.startswith("/api/docs/?script"))
    response = client.get(script)
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert b"SwaggerUIBundle" in response.content
