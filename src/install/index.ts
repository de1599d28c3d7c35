export { type InstallReport, installAssets, readPackageAssets, uninstallAssets } from './apply-install.js';
export {
  buildInstallEntries,
  decideEntry,
  type InstallHomes,
  type InstallMode,
  MANIFEST_NAME,
  manifestPathOf,
  resolveInstallHomes,
} from './install-plan.js';
export { renderPhasesDoc, renderPhaseTable, renderSignalBlock } from './phase-table.js';
export { buildSpecTables } from './spec-tables.js';
