#!/bin/sh
':' //; [ "$1" = watch ] && exec node --lite-mode --no-expose-wasm --max-semi-space-size=1 --expose-gc "$0" "$@"; [ "$1" = mcp ] && exec node --max-semi-space-size=1 "$0" "$@"; exec node "$0" "$@"
// Read by sh first, then by node: sh runs the line above and execs node, with the monitor's
// V8 flags for `heimdall watch` (they must be there at start-up to hold RSS under 50 MB, and
// Node 20 cannot re-exec itself); node sees a string and a comment. Keep the flags in step
// with src/watch/monitor-node-flags.ts (a test compares them). The long-lived `heimdall mcp`
// gets a small young generation too (bench/mcp-memory.js: ~25 MB less, and flat).
// heimdall-cli: this line tells heimdall's git hooks that this file is heimdall (they read the first ten lines).
// CommonJS (bin/package.json): a command that needs no ES module (load, search --json, hooks run) then runs without
// Node's ES module loader, ~14 ms a call; route.cjs is src/cli/route.ts bundled (scripts/bundle-lean.js).
const bundled = require('node:path').join(__dirname, '..', 'dist', 'lean', 'route.cjs');
const route = require('node:fs').existsSync(bundled) ? Promise.resolve(require(bundled).route) : import('../dist/cli/route.js').then((module) => module.route);
route.then((run) => run(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
