import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HookName } from './hook-names.js';

// dist/git/hook-stub.js -> the package's hooks/ (shipped: package.json "files").
const templateFile = fileURLToPath(new URL('../../hooks/heimdall-hook.sh', import.meta.url));

/** The line that marks a hook file as heimdall's (the version may change; the prefix may not). */
export const stubMarker = '# heimdall-hook ';
/** Where an existing hook is moved when heimdall's stub takes its place (and chains to it). */
export const chainedSuffix = '.pre-heimdall';

export interface StubValues {
  node: string;
  cli: string;
  prefix: string;
  chainWith: 'exec' | 'sh';
}

/** The installed script: hooks/heimdall-hook.sh with this machine's node and CLI recorded as a fallback to PATH. */
export function renderHookStub(hook: HookName, values: StubValues): string {
  const template = readFileSync(templateFile, 'utf8');
  const fill: Record<string, string> = {
    '@HOOK@': hook,
    '@NODE@': shQuoteInner(values.node),
    '@CLI@': shQuoteInner(values.cli),
    '@PREFIX@': shQuoteInner(values.prefix),
    '@CHAIN_WITH@': values.chainWith,
  };
  return template.replace(/@(HOOK|NODE|CLI|PREFIX|CHAIN_WITH)@/g, (key) => fill[key]!);
}

export function isHeimdallStub(content: string): boolean {
  return content.slice(0, 200).split('\n').some((line) => line.startsWith(stubMarker));
}

/** The text to put between single quotes in sh. */
function shQuoteInner(value: string): string {
  return value.replace(/'/g, `'\\''`);
}
