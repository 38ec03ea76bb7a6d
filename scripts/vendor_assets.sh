#!/bin/sh
# Fetch the front-end libraries from the npm registry and copy their distribution files into
# src/bilgiislem/core/static/vendor/. The browser never loads anything from the internet: these
# copies are committed and served by Django/whitenoise like any other static file.
#
# Usage: scripts/vendor_assets.sh            (needs npm and network access to the npm registry)
# Versions: change them here and in src/bilgiislem/core/static/vendor/README.md together.
set -eu

BOOTSTRAP_VERSION="${BOOTSTRAP_VERSION:-5.3.9}"
ICONS_VERSION="${ICONS_VERSION:-1.13.2}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/src/bilgiislem/core/static/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "bootstrap@$BOOTSTRAP_VERSION" "bootstrap-icons@$ICONS_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null
for pkg in "bootstrap-$BOOTSTRAP_VERSION" "bootstrap-icons-$ICONS_VERSION" "htmx.org-$HTMX_VERSION"; do
  mkdir -p "$pkg" && tar xzf "$pkg.tgz" -C "$pkg"
done

# Source-map trailers point at .map files we do not ship; the hashed static storage would fail on them.
strip_sourcemap() { sed -i -e '/^\/[*\/]# sourceMappingURL=/d' "$1"; }

rm -rf "$DEST/bootstrap" "$DEST/bootstrap-icons" "$DEST/htmx"
mkdir -p "$DEST/bootstrap/css" "$DEST/bootstrap/js" "$DEST/bootstrap-icons/fonts" "$DEST/htmx"

src="bootstrap-$BOOTSTRAP_VERSION/package"
cp "$src/dist/css/bootstrap.min.css" "$DEST/bootstrap/css/"
cp "$src/dist/js/bootstrap.bundle.min.js" "$DEST/bootstrap/js/"
cp "$src/LICENSE" "$DEST/bootstrap/LICENSE"
strip_sourcemap "$DEST/bootstrap/css/bootstrap.min.css"
strip_sourcemap "$DEST/bootstrap/js/bootstrap.bundle.min.js"

src="bootstrap-icons-$ICONS_VERSION/package"
cp "$src/font/bootstrap-icons.min.css" "$DEST/bootstrap-icons/"
cp "$src/font/fonts/bootstrap-icons.woff2" "$src/font/fonts/bootstrap-icons.woff" "$DEST/bootstrap-icons/fonts/"
cp "$src/LICENSE" "$DEST/bootstrap-icons/LICENSE"

src="htmx.org-$HTMX_VERSION/package"
cp "$src/dist/htmx.min.js" "$DEST/htmx/"
cp "$src/LICENSE" "$DEST/htmx/LICENSE"

echo "Vendored bootstrap $BOOTSTRAP_VERSION, bootstrap-icons $ICONS_VERSION, htmx.org $HTMX_VERSION into $DEST"
