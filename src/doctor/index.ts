export { buildDoctorChecks } from './build-doctor-checks.js';
export { type CheckStatus, type DoctorCheck, isHealthy, renderDoctorReport } from './doctor-check.js';
export type { DoctorFacts } from './doctor-facts.js';
export { type DoctorInput, findWriteProblem, readDoctorFacts } from './read-doctor-facts.js';
export { compareVersions, isTestedVersion, parseCliVersion, TESTED_CLI_VERSIONS } from './tested-versions.js';
