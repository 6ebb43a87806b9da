#!/usr/bin/env bash
# Vendors the front-end libraries into static/vendor/ from the npm registry (no CDN at run time).
#
# Versions are pinned in package.json / package-lock.json at the repository root. The packages are installed
# with `npm ci` in a temporary directory (the repository's node_modules is not touched) and only the files the
# pages load are copied: minified JS/CSS, their source maps (the hashed-static storage follows the
# sourceMappingURL comments), the icon fonts and each package's licence. static/vendor/README.md is rewritten
# from the installed versions.
#
# Usage: bash scripts/vendorizar.sh      (needs node + npm and access to the npm registry)
set -euo pipefail

RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DESTINO="$RAIZ/static/vendor"
TEMPORAL="$(mktemp -d)"
trap 'rm -rf "$TEMPORAL"' EXIT

cp "$RAIZ/package.json" "$TEMPORAL/"
if [[ -f "$RAIZ/package-lock.json" ]]; then
  cp "$RAIZ/package-lock.json" "$TEMPORAL/"
  (cd "$TEMPORAL" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
else
  (cd "$TEMPORAL" && npm install --omit-lockfile-registry-resolved --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$TEMPORAL/package-lock.json" "$RAIZ/package-lock.json"
fi
NM="$TEMPORAL/node_modules"

# copiar <paquete> <ruta dentro del paquete> <ruta dentro de static/vendor/<paquete>>
copiar() {
  local paquete="$1" origen="$2" destino="$3"
  mkdir -p "$(dirname "$DESTINO/$paquete/$destino")"
  cp "$NM/$paquete/$origen" "$DESTINO/$paquete/$destino"
}

# Only the folders of the packages this script manages are replaced; anything else in static/vendor/ stays.
PAQUETES=(bootstrap bootstrap-icons jquery datatables.net datatables.net-bs5 chart.js frappe-gantt)
for paquete in "${PAQUETES[@]}"; do rm -rf "${DESTINO:?}/$paquete"; done
mkdir -p "$DESTINO"

copiar bootstrap dist/css/bootstrap.min.css css/bootstrap.min.css
copiar bootstrap dist/css/bootstrap.min.css.map css/bootstrap.min.css.map
copiar bootstrap dist/js/bootstrap.bundle.min.js js/bootstrap.bundle.min.js
copiar bootstrap dist/js/bootstrap.bundle.min.js.map js/bootstrap.bundle.min.js.map
copiar bootstrap LICENSE LICENSE

copiar bootstrap-icons font/bootstrap-icons.min.css bootstrap-icons.min.css
copiar bootstrap-icons font/fonts/bootstrap-icons.woff2 fonts/bootstrap-icons.woff2
copiar bootstrap-icons font/fonts/bootstrap-icons.woff fonts/bootstrap-icons.woff
copiar bootstrap-icons LICENSE LICENSE

copiar jquery dist/jquery.min.js jquery.min.js
copiar jquery LICENSE.txt LICENSE.txt

copiar datatables.net js/dataTables.min.js dataTables.min.js
copiar datatables.net License.txt License.txt

copiar datatables.net-bs5 js/dataTables.bootstrap5.min.js dataTables.bootstrap5.min.js
copiar datatables.net-bs5 css/dataTables.bootstrap5.min.css dataTables.bootstrap5.min.css
copiar datatables.net-bs5 License.txt License.txt

copiar chart.js dist/chart.umd.min.js chart.umd.min.js
copiar chart.js dist/chart.umd.min.js.map chart.umd.min.js.map
copiar chart.js LICENSE.md LICENSE.md

# The schedule's Gantt (OT "Programa" tab). Its dist ships no source maps.
copiar frappe-gantt dist/frappe-gantt.umd.js frappe-gantt.umd.js
copiar frappe-gantt dist/frappe-gantt.css frappe-gantt.css
copiar frappe-gantt license.txt license.txt

version() { node -p "require('$NM/$1/package.json').version"; }
licencia() { node -p "require('$NM/$1/package.json').license"; }

{
  echo "# Bibliotecas de terceros (vendorizadas)"
  echo
  echo "Generado por \`scripts/vendorizar.sh\` desde el registro npm; no editar a mano. Las versiones se fijan en"
  echo "\`package.json\` / \`package-lock.json\`. Cada carpeta conserva la licencia original del paquete."
  echo
  echo "| Paquete | Versión | Licencia | Archivos |"
  echo "|---|---|---|---|"
  for paquete in "${PAQUETES[@]}"; do
    archivos="$(cd "$DESTINO/$paquete" && find . -type f ! -name '*.map' | sed 's|^\./||' | sort | paste -sd ',' | sed 's/,/, /g')"
    echo "| $paquete | $(version "$paquete") | $(licencia "$paquete") | $archivos |"
  done
} >"$DESTINO/README.md"

echo "Bibliotecas copiadas en $DESTINO"
