#!/usr/bin/env bash
# OS packages Crossbook needs on Debian/Ubuntu to build keytar, run the keychain tests and drive
# Chromium end to end. Idempotent: apt skips what is already installed.
set -euo pipefail
packages=(
  chromium               # Playwright drives Debian's browser; no browser download is possible here
  libsecret-1-dev        # keytar compiles against libsecret when no prebuild can be fetched
  gnome-keyring          # a real Secret Service for the vault tests
  dbus-daemon            # dbus-run-session: a private session bus for the keychain tests
  dbus-x11               # dbus-launch for machines without a user session bus
  dbus-user-session
  python3 make g++       # node-gyp builds keytar from source (no prebuilt binary can be fetched)
  libnss3 libatk-bridge2.0-0 libgtk-3-0 libgbm1 libasound2  # Electron's runtime libraries, for when a binary exists
)
if [ "${1:-}" = "--list" ]; then
  echo "${packages[@]}"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "os-deps: installed ${packages[*]}"
