#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring on a private D-Bus session),
# so the vault tests exercise the OS keychain through keytar rather than a mock.
# Usage: build/with-keychain.sh <command> [args...]
set -euo pipefail
if [ "${CROSSBOOK_IN_KEYCHAIN_SESSION:-}" = "1" ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keychain: '$tool' is missing; install the OS packages with: bash build/install-os-deps.sh" >&2
    exit 1
  fi
done
export CROSSBOOK_IN_KEYCHAIN_SESSION=1
exec dbus-run-session -- bash -c '
  set -euo pipefail
  # A throwaway keyring home so tests never touch a developer'"'"'s own keychain.
  export XDG_DATA_HOME="$(mktemp -d)"
  export HOME_KEYRING_DIR="$XDG_DATA_HOME/keyrings"
  mkdir -p "$HOME_KEYRING_DIR"
  eval "$(printf "crossbook-test\n" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  # gnome-keyring-daemon leaves with this private bus when dbus-run-session ends.
  trap "rm -rf \"$XDG_DATA_HOME\"" EXIT
  "$@"
' with-keychain "$@"
