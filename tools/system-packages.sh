#!/bin/sh
# The system libraries plainleaf needs and Python's package index cannot give: Pango (WeasyPrint draws the PDF
# with it) and liblouis with its tables (the braille edition). Installs only what is missing, with the system's
# package manager (apt-get, dnf or Homebrew); says what to install by hand anywhere else.
set -eu

missing() {
    python3 - <<'PY'
import ctypes.util, os, sys
libraries = [name for name in ("pango-1.0", "pangoft2-1.0", "louis") if not ctypes.util.find_library(name)]
tables = [os.path.join(d, "en-ueb-g2.ctb") for d in ("/usr/share/liblouis/tables", "/usr/local/share/liblouis/tables",
          "/opt/homebrew/share/liblouis/tables") + tuple(filter(None, [os.environ.get("LOUIS_TABLEPATH")]))]
sys.exit(0 if libraries or not any(os.path.isfile(t) for t in tables) else 1)
PY
}

if ! missing; then
    exit 0
fi
as_root=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
fi
if command -v apt-get >/dev/null 2>&1; then
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b liblouis20 liblouis-data
elif command -v dnf >/dev/null 2>&1; then
    $as_root dnf install -y pango liblouis
elif command -v brew >/dev/null 2>&1; then
    brew install pango liblouis
else
    echo "plainleaf needs Pango 1.44 or newer and liblouis 3 with its tables; install them with your system's" \
         "package manager (see the README, Requirements), then run this again" >&2
    exit 1
fi
