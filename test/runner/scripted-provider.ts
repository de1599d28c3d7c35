/** A test provider actor: each attempt answers with the event its script picks, after reporting the attempt. */
import { fromCallback } from 'xstate';
import type { WorkflowEvent } from '../../machines/events.js';
import type { ProviderInput, ProviderLogic } from '../../machines/workflow.js';
import type { AttemptReport, ProviderObserver } from '../../src/providers/types.js';

export type Script = (input: ProviderInput) => WorkflowEvent | 'hang';

export interface ScriptedProvider {
  readonly started: ProviderInput[];
  readonly stopped: ProviderInput[];
  readonly create: (observer: ProviderObserver) => ProviderLogic;
}

export function scriptedProvider(script: Script): ScriptedProvider {
  const started: ProviderInput[] = [];
  const stopped: ProviderInput[] = [];
  const create = (observer: ProviderObserver): ProviderLogic =>
    fromCallback<WorkflowEvent, ProviderInput>(({ input, sendBack }) => {
      started.push(input);
      const answer = script(input);
      let isActive = true;
      if (answer !== 'hang') {
        queueMicrotask(() => {
          if (!isActive) return;
          const report: AttemptReport = {
            phase: input.phase,
            iteration: input.iteration,
            attempt: input.attempt,
            provider: input.provider === 'fallback' ? 'codex' : 'claude',
            model: input.provider === 'fallback' ? '' : 'opus',
            ...(input.provider === 'fallback' ? { isFallback: true } : {}),
            outcome: answer.type === 'agent.failed' ? 'crash' : 'success',
            message: '',
            durationMs: 100,
            exitCode: 0,
            inputTokens: 10,
            outputTokens: 5,
            costUsd: 0.25,
            costBasis: 'reported',
            logFile: '',
            stderrFile: '',
            rawSignal: JSON.stringify(answer),
          };
          observer.onAttemptEnd?.(report);
          sendBack(answer);
        });
      }
      return () => {
        isActive = false;
        stopped.push(input);
      };
    });
  return { started, stopped, create };
}

/** Walks every phase forward to `done`: continue to the first next phase, planning waits for approval. */
export const happyPath: Script = (input) => {
  switch (input.phase) {
    case 'init':
      return { type: 'signal.continue', target: 'investigation' };
    case 'investigation':
      return { type: 'signal.continue', target: 'requirements' };
    case 'requirements':
      return { type: 'signal.continue', target: 'planning' };
    case 'planning':
      return { type: 'signal.waiting', for: 'plan_approval' };
    case 'implementation':
      return { type: 'signal.continue', target: 'testing' };
    case 'testing':
      return { type: 'signal.continue', target: 'done' };
    case 'quality':
      return { type: 'signal.continue', target: 'done' };
    case 'done':
      return { type: 'signal.done', summary: 'all good' };
  }
};
