#!/usr/bin/env bash
# Sets up a machine for Tokendesk: the system packages it needs (Debian/Ubuntu), then npm packages.
# Safe to run again: it installs only what is missing. Used by `npm start`, `npm test`, `npm run demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
# libsecret: the keychain library keytar links; gnome-keyring + dbus: a Secret Service for tests and
# the demo; chromium: the browser Playwright drives; xvfb + xauth: headed runs and screenshots.
PKGS="libsecret-1-0 gnome-keyring dbus-daemon dbus-bin chromium xvfb xauth"

missing_pkgs() {
  for p in $PKGS; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

if command -v dpkg-query >/dev/null; then
  missing=$(missing_pkgs | tr '\n' ' ')
  if [ -n "${missing// /}" ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO="none"; fi
    if [ "$SUDO" = none ]; then
      echo "tokendesk setup: missing system packages: $missing. Install them with: apt-get install $missing" >&2
      exit 1
    fi
    echo "tokendesk setup: installing system packages: $missing"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
else
  echo "tokendesk setup: not a Debian/Ubuntu machine; make sure libsecret, a Secret Service (gnome-keyring), dbus and Chromium are installed." >&2
fi

# npm packages: install when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "tokendesk setup: installing npm packages"
  # The Electron binary comes from GitHub, not the npm registry; it is fetched lazily by `npm start` where reachable.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
