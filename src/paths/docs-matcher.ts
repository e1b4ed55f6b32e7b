import path from 'node:path';
import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';
import type { HeimdallConfig } from '../config/config-types.js';
import { alwaysIgnored } from '../config/defaults.js';
import type { OutOfScope } from '../contract/load-report.js';

export interface DocsMatcher {
  /** Under a target path, with a docs extension, and not ignored. */
  isDocs(rel: string): boolean;
  /** null for a docs file; else the first reason it is not one. */
  whyNotDocs(rel: string): OutOfScope | null;
  /** Under a target path (or a target path itself) and not ignored: worth descending into. */
  isInScope(rel: string): boolean;
  isIgnored(rel: string): boolean;
}

/**
 * Ignore globs without a slash match any single path segment (`drafts`, `*.tmp.md`),
 * like .gitignore; globs with a slash match the path or any of its ancestors.
 *
 * One predicate, applied at each boundary on purpose: the monitor and sync filter what they
 * submit (no subprocess for a non-doc), and `load` decides again as the authority (it is also
 * run by hand, and it removes what a narrowed scope no longer calls docs). The monitor's
 * and a sync's children get the config their paths were chosen with through a snapshot
 * (config-snapshot.ts), pinned for the whole job, so both decide alike.
 */
export function createDocsMatcher(config: Pick<HeimdallConfig, 'monitoring'>): DocsMatcher {
  const { targetPaths, extensions, ignorePatterns } = config.monitoring;
  const segmentGlobs = [...alwaysIgnored, ...ignorePatterns.filter((p) => !p.replace(/\/$/, '').includes('/'))].map((p) => p.replace(/\/$/, ''));
  const pathGlobs = ignorePatterns.filter((p) => p.replace(/\/$/, '').includes('/')).map((p) => p.replace(/^\//, '').replace(/\/$/, ''));
  const segmentMatch = compile(segmentGlobs);
  const pathMatch = compile(pathGlobs);
  const exts = new Set(extensions);

  const isIgnored = (rel: string): boolean => {
    const segments = rel.split('/');
    if (segments.some((segment) => segmentMatch(segment))) return true;
    for (let i = 1; i <= segments.length; i++) if (pathMatch(segments.slice(0, i).join('/'))) return true;
    return false;
  };
  const inTarget = (rel: string): boolean =>
    targetPaths.some((target) => target === '.' || rel === target || rel.startsWith(`${target}/`));

  const hasExtension = (rel: string): boolean => exts.has(path.posix.extname(rel).toLowerCase());

  return {
    isIgnored,
    isInScope: (rel) => inTarget(rel) && !isIgnored(rel),
    isDocs: (rel) => hasExtension(rel) && inTarget(rel) && !isIgnored(rel),
    whyNotDocs: (rel) => (!inTarget(rel) ? 'outside-target-paths' : isIgnored(rel) ? 'ignored' : !hasExtension(rel) ? 'not-a-docs-extension' : null),
  };
}

/** The keys that decide which files are docs: equal keys, equal scope (the monitor compares them across reloads and restarts). */
export function docsScopeKey(monitoring: Pick<HeimdallConfig['monitoring'], 'targetPaths' | 'extensions' | 'ignorePatterns'>): string {
  return JSON.stringify([monitoring.targetPaths, monitoring.extensions, monitoring.ignorePatterns]);
}

const globSyntax = /[*?[\]{}()!+@]/;

// picomatch costs ~2.6 MB resident, a twentieth of the monitor's budget: literal names (the
// default `node_modules` and `.git`, or `drafts`) are compared as strings, and the glob
// engine is loaded (synchronously: it is CommonJS) only when a pattern really is a glob.
function compile(globs: string[]): (text: string) => boolean {
  if (globs.length === 0) return () => false;
  if (!globs.some((glob) => globSyntax.test(glob))) {
    const names = new Set(globs);
    return (text) => names.has(text);
  }
  const picomatch = createRequire(import.meta.url)('picomatch') as typeof Picomatch;
  return picomatch(globs, { dot: true });
}
