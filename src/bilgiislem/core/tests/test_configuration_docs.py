"""Every BILGIISLEM_* variable the code reads is documented (docs/configuration.md) and templated (.env.example)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

PACKAGE = Path(settings.BASE_DIR)
REPOSITORY = PACKAGE.parent.parent
ENV_READ = re.compile(r"""\benv_(?:str|bool|int|list|path)\(\s*["']([A-Z0-9_]+)["']""")


def _variables_read_by_the_code() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        names.update(ENV_READ.findall(path.read_text(encoding="utf-8")))
    return {f"BILGIISLEM_{name}" for name in names}


def test_scan_finds_the_core_variables():
    assert {"BILGIISLEM_SECRET_KEY", "BILGIISLEM_DATABASE_URL", "BILGIISLEM_TASKS_BACKEND"} <= (
        _variables_read_by_the_code()
    )


@pytest.mark.parametrize("document", ["docs/configuration.md", ".env.example"])
def test_every_variable_read_by_the_code_is_documented(document):
    text = (REPOSITORY / document).read_text(encoding="utf-8")
    documented = set(re.findall(r"\bBILGIISLEM_[A-Z0-9_]+", text))

    missing = sorted(_variables_read_by_the_code() - documented)

    assert not missing, f"{document} does not mention: {', '.join(missing)}"
