#!/usr/bin/env bash
# The latest-CLI conformance tier: the real-CLI cases of test/conformance/ against the claude and
# codex that scripts/install-latest-clis.sh put in .cache/latest-clis/. Says clearly when they
# are not installed (exit 0: nothing to run); otherwise exits with vitest's code.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=".cache/latest-clis/node_modules/.bin"
if [ ! -x "$bin/claude" ] || [ ! -x "$bin/codex" ]; then
  echo "latest-CLI tier: NOT RUN, the latest CLIs are not installed (run scripts/install-latest-clis.sh clis)"
  exit 0
fi
echo "latest-CLI tier: claude $("$bin/claude" --version | head -1), $("$bin/codex" --version | head -1)"
# claude refuses bypass mode as root unless IS_SANDBOX=1; the helpers set it for the CLI they start.
SAMOCODE_CONFORMANCE_CLAUDE="$PWD/$bin/claude" SAMOCODE_CONFORMANCE_CODEX="$PWD/$bin/codex" \
  npx vitest run test/conformance "$@"
