import { describe, expect, it } from 'vitest';
import { PHASE_REGISTRY, PHASES } from '../../machines/phases.js';
import { renderSignalBlock } from '../../src/install/phase-table.js';
import { buildPrompt, readPromptParts } from '../../src/providers/prompt.js';

const place = {
  sessionName: 'add-login',
  sessionDir: '/sessions/26-11-24-add-login',
  workDir: '/worktrees/26-11-24-add-login',
  mainRepo: '/repo',
  worktreePath: '/worktrees/26-11-24-add-login',
  branch: 'add-login',
};

describe('the prompt samocode assembles from workflow.md and the phase agent', () => {
  it.each(PHASES)(
    '%s: contract, then context, then the agent with its signal block, under 24 KiB',
    async (phase) => {
      const parts = await readPromptParts(phase);
      const prompt = buildPrompt({
        ...parts,
        phase,
        iteration: 7,
        attempt: 1,
        reminder: false,
        place,
        timeoutSeconds: 1800,
        now: Date.UTC(2026, 10, 24, 17, 5, 9),
      });
      const contract = prompt.indexOf('# samocode iteration contract');
      const context = prompt.indexOf('# Session Context');
      const agent = prompt.indexOf(`name: ${PHASE_REGISTRY[phase].agent}`);
      expect(contract).toBe(0);
      expect(context).toBeGreaterThan(contract);
      expect(agent).toBeGreaterThan(context);
      expect(prompt).toContain(renderSignalBlock(PHASE_REGISTRY, phase));
      expect(prompt).toContain('(file prefix 007)');
      expect(Buffer.byteLength(prompt)).toBeLessThan(24 * 1024);
    },
  );
});
