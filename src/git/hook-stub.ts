import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HookName } from './hook-names.js';

// dist/git/hook-stub.js -> the package's hooks/ (shipped: package.json "files").
const templateFile = fileURLToPath(new URL('../../hooks/heimdall-hook.sh', import.meta.url));

/** The line that marks a hook file as heimdall's (the version may change; the prefix may not). */
export const stubMarker = '# heimdall-hook ';
/** Where an existing hook is moved when heimdall's stub takes its place (and chains to it). */
export const chainedSuffix = '.pre-heimdall';

/** The heimdall a stub runs first: recorded in the stub itself (`.git/hooks`), or nowhere in it (a shared stub). */
export type StubHeimdall = { kind: 'recorded'; node: string; cli: string } | { kind: 'shared' };

export interface StubValues {
  heimdall: StubHeimdall;
  chainWith: 'exec' | 'sh';
}

/**
 * The installed script: hooks/heimdall-hook.sh, the same for every heimdall project of the
 * working tree (`heimdall hooks run` finds them). A stub git shares with every clone holds no
 * path of this machine; it looks heimdall up at run time (see the template).
 */
export function renderHookStub(hook: HookName, values: StubValues): string {
  const template = readFileSync(templateFile, 'utf8');
  const recorded = values.heimdall.kind === 'recorded' ? values.heimdall : { node: '', cli: '' };
  const fill: Record<string, string> = {
    '@HOOK@': hook,
    '@NODE@': shQuoteInner(recorded.node),
    '@CLI@': shQuoteInner(recorded.cli),
    '@CHAIN_WITH@': values.chainWith,
  };
  return template.replace(/@(HOOK|NODE|CLI|CHAIN_WITH)@/g, (key) => fill[key]!);
}

export function isHeimdallStub(content: string): boolean {
  return content.slice(0, 200).split('\n').some((line) => line.startsWith(stubMarker));
}

/** The text to put between single quotes in sh. */
function shQuoteInner(value: string): string {
  return value.replace(/'/g, `'\\''`);
}
