/** The demo's public surface. */
export { type DemoFlags, type ResolvedDemoOptions, resolveDemoOptions } from './demo-options.js';
export { demoScript } from './demo-script.js';
export { renderDemoSummary } from './demo-summary.js';
export { CLI_PACKAGES, findCli, missingCliMessage } from './find-cli.js';
export { DEMO_SESSION, type DemoOptions, type DemoResult, runDemo } from './run-demo.js';
