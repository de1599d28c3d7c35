#!/bin/sh
# Wraps the per-iteration parts of a built copy (never this checkout's dist) for part-timer.mjs:
#   cp -r dist /tmp/parts-dist && sh scripts/bench/instrument-parts.sh /tmp/parts-dist
#   PART_TIMER_OUT=/tmp/parts.txt node --import ./scripts/bench/part-timer.mjs /tmp/parts-dist/src/cli/bin.js run …
# (the copy resolves node_modules and the prompt files from its parent: copy the whole checkout).
set -eu
cd "$1/src"
wrap() { echo "$2 = __partTimer.wrap('$2', $2);" >> "$1"; }
wrap runner/overview-writer.js writeOverview
wrap session/history.js appendHistoryRow
wrap session/snapshot-store.js writeSessionState
wrap session/atomic-write.js writeFileAtomic
wrap runner/notify-observers.js notifyObservers
wrap providers/process-tree.js terminateTree
wrap providers/worktree-mark.js readWorktreeMark
wrap providers/signal-file.js readSignalFile
wrap providers/signal-file.js removeSignalFile
wrap providers/prompt.js buildPrompt
wrap providers/group-record.js writeGroupRecord
wrap providers/group-record.js clearGroupRecord
wrap runner/history-row.js buildHistoryRow
wrap providers/spawn.js spawnProvider
wrap providers/process-table.js findMarkedProcesses
wrap text/clean-text.js cleanDeep
sed -i "s/inspect: onInspect/inspect: __partTimer.wrap('onInspect', onInspect)/" runner/run-session.js
sed -i "s/store.save(actor.getPersistedSnapshot(), row);/__partTimer.time('store.save', () => store.save(actor.getPersistedSnapshot(), row));/" runner/run-session.js
sed -i "s/^\( *\)sendBack(event);/\1__partTimer.time('sendBack (transition incl. onInspect)', () => sendBack(event));/" providers/actor.js
for file in providers/spawn.js process/run-command.js; do
  # spawn(…, { … }) → __partTimer.time('child_process.spawn', () => spawn(…, { … }))
  node -e '
    const fs = require("node:fs");
    const file = process.argv[1];
    let text = fs.readFileSync(file, "utf8");
    const at = text.indexOf("child = spawn(");
    const end = text.indexOf("});", at);
    text = `${text.slice(0, at)}child = __partTimer.time("child_process.spawn", () => spawn(${text.slice(at + 14, end)}}));${text.slice(end + 3)}`;
    fs.writeFileSync(file, text);
  ' "$file"
done
grep -c __partTimer runner/run-session.js providers/actor.js providers/spawn.js process/run-command.js
