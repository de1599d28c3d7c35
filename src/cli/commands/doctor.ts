/** `samocode doctor`: checks what a first run needs and says what to fix. Exit 0 when nothing failed, 2 otherwise. */
import { buildDoctorChecks } from '../../doctor/build-doctor-checks.js';
import { isHealthy, renderDoctorReport } from '../../doctor/doctor-check.js';
import { readDoctorFacts } from '../../doctor/read-doctor-facts.js';
import { EXIT } from '../../exit-codes.js';
import { listenForStopSignals } from '../../process/stop-signals.js';
import { buildEnvRedactor } from '../../text/redact.js';

export interface DoctorOptions {
  readonly config?: string;
  readonly json?: boolean;
}

export async function doctorCommand(options: DoctorOptions): Promise<number> {
  // Ctrl-C ends the probe that is running (a CLI whose --version hangs) at once, with its children.
  const stopSignals = listenForStopSignals();
  const facts = await readDoctorFacts({
    ...(options.config ? { configPath: options.config } : {}),
    env: process.env,
    cwd: process.cwd(),
    uid: process.getuid?.(),
    signal: stopSignals.signal,
  }).finally(() => stopSignals.dispose());
  if (stopSignals.signal.aborted) {
    process.stderr.write('samocode doctor: interrupted\n');
    return EXIT.interrupted;
  }
  const checks = buildDoctorChecks(facts);
  const healthy = isHealthy(checks);
  const redact = buildEnvRedactor(facts.env);
  const text = options.json
    ? `${JSON.stringify({ healthy, checks }, null, 2)}\n`
    : renderDoctorReport(checks);
  process.stdout.write(redact(text));
  return healthy ? EXIT.complete : EXIT.usage;
}
