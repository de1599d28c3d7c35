/**
 * Renders the phase registry as the tables the prompts and docs carry. Pure: the same registry
 * always gives the same text, so a test can tell when a checked-in copy is stale.
 *
 * @example
 * renderSignalBlock(PHASE_REGISTRY, 'planning'); // the "Signals you may write" block of planning-agent.md
 */
import {
  BLOCK_NEEDS,
  PHASES,
  type Phase,
  type PhaseRegistry,
  type PhaseSpec,
  type WaitReason,
} from '../../machines/phases.js';

/** Marker names of the generated blocks. */
export const PHASE_TABLE_MARKER = 'phase-table';
export const SIGNAL_BLOCK_MARKER = 'signals';

const NONE = '–';

/** What parks the session and what lets it go on, per wait reason. */
const WAIT_MEANINGS: Readonly<Record<WaitReason, string>> = {
  qa_answers: 'a human answers the questions in `_qa.md`',
  plan_approval: 'a human approves the plan',
  human_action: 'a human does what the `Next:` line of `_overview.md` asks',
};

const code = (value: string): string => `\`${value}\``;
const codes = (values: readonly string[]): string => (values.length ? values.map(code).join(', ') : NONE);

function continueTargets(phase: Phase, spec: PhaseSpec): string {
  if (!spec.signals.includes('continue')) return NONE;
  const moves = spec.next.map((to) => (spec.approval ? `${code(to)} (after approval)` : code(to)));
  return [`${code(phase)} (stay)`, ...moves].join(', ');
}

function gateText(spec: PhaseSpec): string {
  if (!spec.approval) return '';
  return `leaving needs approval: wait for ${code(spec.approval.wait)}, then \`samocode approve\` (or \`--auto-approve\`) moves to ${code(spec.approval.to)}`;
}

/** The phase table of `workflow.md` and `docs/phases.md`. */
export function renderPhaseTable(registry: PhaseRegistry): string {
  const rows = PHASES.map((phase) => {
    const spec = registry[phase];
    const cells = [
      code(phase),
      code(`${spec.agent}.md`),
      codes(spec.next),
      codes(spec.signals),
      continueTargets(phase, spec),
      codes(spec.waits),
      String(spec.maxIterations),
      gateText(spec),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '| phase | agent | next phases | statuses allowed | `continue` may name (`phase`) | `waiting` may wait `for` | max iterations | gate |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function waitLine(phase: Phase, spec: PhaseSpec, wait: WaitReason): string {
  const json = `{"status":"waiting","phase":"${phase}","for":"${wait}","summary":"<what you need>"}`;
  if (spec.approval?.wait === wait) {
    return `- ${code(json)}: park until ${WAIT_MEANINGS[wait]} (\`samocode approve\` or \`--auto-approve\`); samocode then moves the session to ${code(spec.approval.to)}.`;
  }
  return `- ${code(json)}: park until ${WAIT_MEANINGS[wait]} and runs samocode again; ${code(phase)} then runs again.`;
}

/** The "Signals you may write" block of one phase agent. */
export function renderSignalBlock(registry: PhaseRegistry, phase: Phase): string {
  const spec = registry[phase];
  const lines = [
    '## Signals you may write',
    '',
    `Generated from the phase registry; do not edit by hand. In ${code(phase)} the only statuses allowed are ${codes(spec.signals)}. Anything else blocks the session.`,
    '',
  ];
  if (spec.signals.includes('continue')) {
    lines.push(
      `- ${code(`{"status":"continue","phase":"${phase}"}`)}: stay in ${code(phase)}; samocode runs it again next iteration.`,
    );
    for (const to of spec.next) {
      lines.push(
        spec.approval
          ? `- ${code(`{"status":"continue","phase":"${to}"}`)}: leave for ${code(to)}; this needs approval, so samocode parks the session until a human approves (\`samocode approve\` or \`--auto-approve\`).`
          : `- ${code(`{"status":"continue","phase":"${to}"}`)}: move on to ${code(to)}.`,
      );
    }
  }
  if (spec.signals.includes('waiting')) {
    for (const wait of spec.waits) lines.push(waitLine(phase, spec, wait));
  }
  if (spec.signals.includes('blocked')) {
    lines.push(
      `- ${code(`{"status":"blocked","phase":"${phase}","reason":"<what is wrong and what you tried>","needs":"<need>"}`)}: stop for a human; \`<need>\` is one of ${codes(BLOCK_NEEDS)}. Running samocode again resumes ${code(phase)}.`,
    );
  }
  if (spec.signals.includes('done')) {
    lines.push(
      `- ${code(`{"status":"done","phase":"${phase}","summary":"<one line: what was delivered>"}`)}: the session is complete.`,
    );
  }
  lines.push(
    '',
    `Budget: at most ${spec.maxIterations} iterations in ${code(phase)} over the whole session; past that samocode blocks for a human decision.`,
  );
  return lines.join('\n');
}

/** The whole of `docs/phases.md`. */
export function renderPhasesDoc(registry: PhaseRegistry): string {
  const sections = PHASES.map((phase) =>
    [
      `### ${phase}`,
      '',
      renderSignalBlock(registry, phase).replace(/^## Signals you may write\n\n/, ''),
    ].join('\n'),
  );
  return [
    '# Phases and signals',
    '',
    '<!-- Generated by `npx tsx scripts/write-spec-tables.ts` from machines/phases.ts; do not edit. -->',
    '',
    'Each iteration runs one phase; the agent ends it by writing `_signal.json` in the session folder.',
    'samocode checks the signal against this table (see "The contract: phases and signals" in the README) and moves the session machine.',
    '',
    renderPhaseTable(registry),
    '',
    `\`blocked\` always needs \`reason\` and \`needs\` (${codes(BLOCK_NEEDS)}). \`waiting\` and \`blocked\` never change phase; \`done\` needs \`summary\`.`,
    'A missing signal is retried once with a reminder, then blocks; a malformed or disallowed one blocks.',
    '',
    '## Per phase',
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}
