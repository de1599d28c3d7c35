/**
 * The demo's scripted model: reads the phase and the session folder from samocode's prompt and
 * plays that phase's iteration one tool call per turn, then says it is finished. Pure.
 */

import { iterationCommands } from './demo-phases.js';
import type { DemoProject } from './demo-project.js';
import { readPromptPhase, sessionDirExpression } from './demo-prompt.js';
import { type ModelScript, textReply, toolReply } from './model-server/index.js';
import { repoIterationCommands } from './repo-phases.js';

export interface DemoScriptOptions {
  readonly sessionsDir: string;
  readonly sessionName: string;
  /** What the model works on: the demo's own library (default) or the user's repository. */
  readonly kind?: DemoProject['kind'];
}

export function demoScript(options: DemoScriptOptions): ModelScript {
  return (conversation) => {
    const phase = readPromptPhase(conversation.prompt);
    if (phase === undefined) return textReply('I cannot find the phase in the Session Context.');
    const sessionDir = sessionDirExpression(conversation.prompt, options.sessionsDir, options.sessionName);
    const outputs = conversation.toolResults.map((result) => result.output);
    const plan = options.kind === 'repo' ? repoIterationCommands : iterationCommands;
    const commands = plan(phase, { sessionDir, outputs });
    const next = commands[outputs.length];
    if (next === undefined) return textReply(`The ${phase} iteration is finished; _signal.json is written.`);
    return toolReply([{ tool: 'shell', command: next }]);
  };
}
