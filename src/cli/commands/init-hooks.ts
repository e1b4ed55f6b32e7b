import { createInterface } from 'node:readline/promises';
import { messages } from '../../errors/messages.js';
import type { HooksReport } from '../../git/install-hooks.js';

/**
 * `init`'s hook step: --hooks installs, --no-hooks does not; without either, a person at a
 * terminal is asked, and a script is not (it gets a hint instead). Outside a git repository
 * there is nothing to ask about.
 */
export async function decideHooks(root: string, wanted: boolean | undefined, interactive: boolean): Promise<HooksReport | null> {
  if (wanted === false) return null;
  const { gitRepoInfo } = await import('../../git/git-repo-info.js');
  const { installHooks } = await import('../../git/install-hooks.js');
  if (wanted === true) return installHooks(root);
  if ((await gitRepoInfo(root)) === null) return null;
  if (!(interactive && process.stdin.isTTY && process.stdout.isTTY)) {
    if (interactive) process.stderr.write(`${messages.initHooksHint}\n`);
    return null;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(messages.initHooksQuestion);
  prompt.close();
  return /^\s*(y|yes)?\s*$/i.test(answer) ? installHooks(root) : null;
}
