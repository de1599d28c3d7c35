/** `samocode demo`: a whole session on a throw-away project against the embedded scripted model. */
import { findCli, missingCliMessage, renderDemoSummary, runDemo } from '../../demo/index.js';
import { EXIT } from '../../exit-codes.js';
import { packageRoot } from '../../package-root.js';
import type { ProviderName } from '../../providers/types.js';

export interface DemoCommandOptions {
  readonly provider?: ProviderName;
  readonly keep?: boolean;
}

export async function demoCommand(options: DemoCommandOptions): Promise<number> {
  const provider = options.provider ?? 'claude';
  const root = packageRoot();
  const cliPath = await findCli(provider, root);
  if (cliPath === undefined) {
    process.stderr.write(`${missingCliMessage(provider)}\n`);
    return EXIT.usage;
  }
  // Ctrl-C reaches the runner child too; it stops its session and exits 130. Stay alive until
  // then so the temporary project is still removed.
  const stayAlive = () => undefined;
  process.on('SIGINT', stayAlive);
  const result = await runDemo({
    provider,
    cliPath,
    packageRoot: root,
    keep: options.keep === true,
    echo: true,
    print: (line) => process.stdout.write(`${line}\n`),
  });
  process.off('SIGINT', stayAlive);
  process.stdout.write(renderDemoSummary(result));
  return result.exitCode;
}
