/** `samocode install [--copy] [--uninstall]`: agents and skills into ~/.claude and $CODEX_HOME. */
import { homedir } from 'node:os';
import { EXIT } from '../../exit-codes.js';
import {
  type InstallReport,
  installAssets,
  readPackageAssets,
  resolveInstallHomes,
  uninstallAssets,
} from '../../install/index.js';
import { packageRoot } from '../../package-root.js';

export interface InstallOptions {
  readonly copy?: boolean;
  readonly uninstall?: boolean;
}

export function renderInstallReport(report: InstallReport, isUninstall: boolean): string {
  const lines = [
    ...report.created.map((dest) => `  + ${dest}`),
    ...report.replaced.map((dest) => `  ~ ${dest}`),
    ...report.removed.map((dest) => `  - ${dest}`),
    ...report.skipped.map((skip) => `  ! skipped ${skip.dest}: ${skip.reason}`),
  ];
  const counts = isUninstall
    ? `removed ${report.removed.length}, skipped ${report.skipped.length}`
    : `created ${report.created.length}, updated ${report.replaced.length}, unchanged ${report.kept.length}, removed ${report.removed.length}, skipped ${report.skipped.length}`;
  return [...lines, `samocode ${isUninstall ? 'uninstall' : 'install'}: ${counts}`].join('\n');
}

export async function installCommand(options: InstallOptions): Promise<number> {
  const homes = resolveInstallHomes(process.env, homedir());
  const isUninstall = options.uninstall === true;
  const report = isUninstall
    ? uninstallAssets(homes)
    : installAssets(readPackageAssets(packageRoot()), homes, options.copy ? 'copy' : 'link');
  process.stdout.write(`${renderInstallReport(report, isUninstall)}\n`);
  if (!isUninstall) {
    process.stdout.write(
      'Agents and skills are optional: samocode inlines the prompts it needs. Create a .samocode file (MAIN_REPO, WORKTREES, SESSIONS) in your project to run sessions.\n',
    );
  }
  return EXIT.complete;
}
