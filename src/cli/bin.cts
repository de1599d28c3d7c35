// The published bin, built to dist/src/cli/bin.cjs (scripts/build.mjs puts the `#!` lines that start
// node on top). CommonJS so that `samocode --version` answers before node sets up its ESM loader;
// every other command imports the ESM entry beside it.
import fs = require('node:fs');
import path = require('node:path');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // dist/src/cli/ → the package root.
  const manifest: unknown = JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'),
  );
  const version =
    typeof manifest === 'object' &&
    manifest !== null &&
    'version' in manifest &&
    typeof manifest.version === 'string'
      ? manifest.version
      : '0.0.0';
  process.stdout.write(`${version}\n`);
} else {
  import('./bin.js').catch((error: unknown) => {
    process.stderr.write(`samocode: internal error, please report: ${String(error)}\n`);
    process.exitCode = 1;
  });
}
