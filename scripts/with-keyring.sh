#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (a real Secret
# Service), so keychain code is exercised for real without touching the user's own keyring.
# If a session bus with a Secret Service already exists (a desktop), the command runs as is.
set -euo pipefail
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -z "${TOKENDESK_PRIVATE_KEYRING:-}" ]; then
  exec "$@"
fi
if ! command -v gnome-keyring-daemon >/dev/null || ! command -v dbus-run-session >/dev/null; then
  echo "tokendesk: gnome-keyring and dbus are needed for a private keyring; install them (Debian/Ubuntu: apt-get install gnome-keyring dbus-daemon dbus-bin; npm test does it as root)." >&2
  exit 1
fi
KR=$(mktemp -d)
trap 'rm -rf "$KR"' EXIT
export PATH="$PWD/node_modules/.bin:$PATH"
dbus-run-session -- env XDG_DATA_HOME="$KR/data" XDG_CACHE_HOME="$KR/cache" bash -c '
  echo -n tokendesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' _ "$@" 2> >(grep -v -e "Failed to set fd limit" -e "gnome-keyring-daemon" >&2)
