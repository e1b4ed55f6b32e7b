import { alwaysIgnored } from '../config/defaults.js';
import type { BackendOptions } from './watch-backend.js';

type Term = unknown[];

// Only globs made of these characters mean the same to Watchman's wildmatch and to
// picomatch; anything else (braces, negation, extglobs) is left to the client-side
// matcher, so the subscription stays a superset of what the monitor wants.
const portableGlob = /^[A-Za-z0-9._*?/ -]+$/;

/**
 * The one subscription's expression: docs files (Watchman 4.9.0's `suffix` takes one
 * string, hence one term per extension) under the target paths, minus what is
 * ignored; plus the health canaries under the control directory and the config file
 * (under `.heimdall/`, which no target path may include: hence a term of its own). The
 * client filters again with the docs matcher, which stays the authority.
 */
export function watchmanExpression(options: Pick<BackendOptions, 'monitoring' | 'controlDir' | 'configFile'>): Term {
  const { targetPaths, extensions, ignorePatterns } = options.monitoring;
  const suffixes: Term = ['anyof', ...extensions.map((ext) => ['suffix', ext.replace(/^\./, '')])];
  const docs: Term[] = [['anyof', ['type', 'f'], ['type', 'l']], suffixes];
  if (!targetPaths.includes('.')) {
    docs.push(['anyof', ...targetPaths.flatMap((target) => [['dirname', target], ['name', target, 'wholename']])]);
  }
  const ignored = ignoreTerms([...alwaysIgnored, ...ignorePatterns]);
  if (ignored.length > 0) docs.push(['not', ['anyof', ...ignored]]);
  const canary: Term = ['allof', ['type', 'f'], ['dirname', options.controlDir, ['depth', 'eq', 0]], ['match', 'canary.*', 'basename', { includedotfiles: true }]];
  // A symlinked config counts too: Watchman reports the link (`type l`), the monitor rereads what it points to.
  const config: Term = ['allof', ['anyof', ['type', 'f'], ['type', 'l']], ['name', options.configFile, 'wholename']];
  return ['anyof', ['allof', ...docs], canary, config];
}

function ignoreTerms(patterns: string[]): Term[] {
  const terms: Term[] = [];
  const opts = { includedotfiles: true };
  for (const raw of patterns) {
    const glob = raw.replace(/^\//, '').replace(/\/$/, '');
    if (glob === '' || !portableGlob.test(glob)) continue;
    if (glob.includes('/')) {
      terms.push(['match', glob, 'wholename', opts], ['match', `${glob}/**`, 'wholename', opts]);
    } else {
      terms.push(['match', glob, 'basename', opts], ['match', `**/${glob}/**`, 'wholename', opts]);
    }
  }
  return terms;
}
