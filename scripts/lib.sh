# Shell helpers shared by the Makefile and .ci/run. Source it; it defines functions only.
#
#   find_python   print the path of a Python >= 3.12 that really runs (stack-notes §1.2)
#   ensure_uv     print the path of uv; install it into .ci/.tools when it is not on PATH
#   uv_sync       create/refresh .venv exactly from uv.lock (never downloads a Python), byte-compiled

# pyenv shims such as python3.12 may exist and still fail when another version is global, so every
# candidate is run and its version checked instead of trusting the name on PATH.
find_python() {
  local root c
  root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
  for c in ${BILGIISLEM_PYTHON:-} python3.13 python3.12 python3 \
    $(ls -d "$root"/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -rV); do
    command -v "$c" >/dev/null 2>&1 || continue
    "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || continue
    "$c" -c 'import sys; print(sys.executable)'
    return 0
  done
  echo "Python >= 3.12 not found (tried python3.13, python3.12, python3 and pyenv builds under $root/versions)." >&2
  echo "Install one, or point BILGIISLEM_PYTHON at it." >&2
  return 1
}

# uv goes into its own small venv: `uv sync` removes from .venv whatever the lock does not list.
ensure_uv() {
  local py tools=".ci/.tools"
  if command -v uv >/dev/null 2>&1; then command -v uv; return 0; fi
  if [ -x "$tools/bin/uv" ]; then echo "$PWD/$tools/bin/uv"; return 0; fi
  py=$(find_python) || return 1
  echo "uv is not on PATH: installing it into $tools" >&2
  "$py" -m venv "$tools" >&2 && "$tools/bin/python" -m pip install --quiet --disable-pip-version-check "uv>=0.13" >&2 \
    || { echo "could not install uv (pip install uv)" >&2; return 1; }
  echo "$PWD/$tools/bin/uv"
}

uv_sync() {
  local py uv
  py=$(find_python) || return 1
  uv=$(ensure_uv) || return 1
  echo "uv sync --locked (Python: $py)" >&2
  # --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set, every process would otherwise compile all of
  # Django and friends from source at start-up (bilgiislem check: 11 s instead of 3 s on a busy CI box).
  UV_PYTHON_DOWNLOADS=never UV_PYTHON="$py" "$uv" sync --locked --compile-bytecode "$@"
}
