#!/bin/sh
':' //; [ "$1" = watch ] && exec node --lite-mode --no-expose-wasm --max-semi-space-size=1 --expose-gc "$0" "$@"; [ "$1" = mcp ] && exec node --max-semi-space-size=1 "$0" "$@"; exec node "$0" "$@"
// Read by sh first, then by node: sh runs the line above and execs node, with the monitor's
// V8 flags for `heimdall watch` (they must be there at start-up to hold RSS under 50 MB, and
// Node 20 cannot re-exec itself); node sees a string and a comment. Keep the flags in step
// with src/watch/monitor-node-flags.ts (a test compares them). The long-lived `heimdall mcp`
// gets a small young generation too (bench/mcp-memory.js: ~25 MB less, and flat).
// heimdall-cli: this line tells heimdall's git hooks that this file is heimdall (they read the first ten lines).
import { route } from '../dist/cli/route.js';

process.exitCode = await route(process.argv.slice(2));
