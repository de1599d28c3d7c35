#!/bin/sh
# The bench's provider: a /bin/sh script, so no interpreter start-up hides samocode's own cost. It
# takes the signal file and the phase from the prompt's Session Context (one `sed`, the rest shell
# built-ins), writes the next phase's signal and prints claude's result line.
#   BENCH_FLOOD_BYTES=n   first write n bytes of stream-json assistant lines (`yes | head`)
#   BENCH_STAY=1          always continue in the same phase
#   BENCH_COUNTER=file    count the calls there; each `continue` then carries the call number as
#                         its summary, so a real agent's progress is mimicked (samocode's no-progress
#                         rule blocks a run whose signal and worktree stay the same three times)
#   BENCH_BLOCK_AFTER=n   call n blocks (counted in $BENCH_COUNTER), so a run ends there
sed -n -e 's/^- Signal file: //p' -e 's/^- Phase: //p' | {
  IFS= read -r signal
  IFS= read -r phase
  case $phase in
    init) next='{"status":"continue","phase":"investigation"}' ;;
    investigation) next='{"status":"continue","phase":"requirements"}' ;;
    requirements) next='{"status":"continue","phase":"planning"}' ;;
    planning) next='{"status":"continue","phase":"implementation"}' ;;
    *) next='{"status":"continue"}' ;;
  esac
  if [ -n "$BENCH_STAY" ]; then next='{"status":"continue"}'; fi
  if [ -n "$BENCH_COUNTER" ]; then
    calls=0
    if [ -f "$BENCH_COUNTER" ]; then IFS= read -r calls < "$BENCH_COUNTER"; fi
    calls=$((calls + 1))
    printf '%s\n' "$calls" > "$BENCH_COUNTER"
    next="${next%\}},\"summary\":\"call $calls\"}"
    if [ -n "$BENCH_BLOCK_AFTER" ] && [ "$calls" -ge "$BENCH_BLOCK_AFTER" ]; then
      next='{"status":"blocked","reason":"the bench is over","needs":"human_decision"}'
    fi
  fi
  if [ "${BENCH_FLOOD_BYTES:-0}" -gt 0 ]; then
    yes '{"type":"assistant","message":{"id":"msg_bench","content":[{"type":"text","text":"lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua"}],"usage":{"input_tokens":1,"output_tokens":1}},"session_id":"bench"}' |
      head -c "$BENCH_FLOOD_BYTES"
    printf '\n'
  fi
  printf '%s\n' "$next" > "$signal"
  printf '%s\n' '{"type":"result","subtype":"success","is_error":false,"result":"done","session_id":"bench","total_cost_usd":0,"usage":{"input_tokens":1,"output_tokens":1}}'
}
