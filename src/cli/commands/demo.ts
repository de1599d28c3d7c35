/** `samocode demo`: a whole session on a throw-away project against the embedded scripted model. */
import {
  findCli,
  missingCliMessage,
  renderDemoSummary,
  resolveDemoOptions,
  runDemo,
} from '../../demo/index.js';
import { EXIT } from '../../exit-codes.js';
import { packageRoot } from '../../package-root.js';
import { listenForStopSignals } from '../../process/stop-signals.js';
import type { ProviderName } from '../../providers/types.js';

export interface DemoCommandOptions {
  readonly provider?: ProviderName;
  readonly keep?: boolean;
  readonly repo?: string;
}

export async function demoCommand(
  options: DemoCommandOptions,
  extra: readonly string[] = [],
): Promise<number> {
  const resolved = resolveDemoOptions(options, process.env, extra, process.cwd());
  if ('problem' in resolved) {
    process.stderr.write(`${resolved.problem}\n`);
    return EXIT.usage;
  }
  const { provider, keep, notes, repo } = resolved;
  for (const note of notes) process.stdout.write(`${note}\n`);
  const root = packageRoot();
  const cliPath = await findCli(provider, root);
  if (cliPath === undefined) {
    process.stderr.write(`${missingCliMessage(provider)}\n`);
    return EXIT.usage;
  }
  // Ctrl-C stops the runner child (SIGTERM to its group: it stops its session and exits 130);
  // the demo stays alive until then, so the temporary project is still removed.
  const stopSignals = listenForStopSignals();
  const result = await runDemo({
    provider,
    cliPath,
    packageRoot: root,
    keep,
    ...(repo === undefined ? {} : { repo }),
    echo: true,
    print: (line) => process.stdout.write(`${line}\n`),
    signal: stopSignals.signal,
  }).finally(() => stopSignals.dispose());
  process.stdout.write(renderDemoSummary(result));
  return result.exitCode;
}
