import { editDistance } from '../config/nearest-name.js';
import { messages } from '../errors/messages.js';
import { firstCommand } from './route.js';

/** yargs' wording of a few usage errors, made to name what the user typed. */
export function usageMessage(message: string, args: string[]): string {
  const recommended = /^Did you mean (\S+)\?$/.exec(message)?.[1];
  if (recommended !== undefined) {
    // yargs names the command it recommends, not the word it did not know: that word is the
    // one close to the recommendation (yargs' own threshold is an edit distance of 3).
    const typed = args.find((arg) => !arg.startsWith('-') && arg !== recommended && editDistance(arg, recommended) <= 3);
    return messages.usage.unknownCommand(typed ?? '?', recommended);
  }
  const unknown = /^Unknown arguments?: ([^,]+)/.exec(message)?.[1];
  if (unknown !== undefined && unknown === firstCommand(args)) return messages.usage.unknownCommand(unknown, null);
  const choice = /^Invalid values:\s+Argument: (\S+), Given: "?(.*?)"?, Choices: (.+)$/m.exec(message);
  if (choice !== null) return messages.usage.flagValue(`--${choice[1]}`, `one of ${choice[3]!.replace(/"/g, '')}`, choice[2]!);
  const missing = /^Not enough arguments following: (\S+)$/.exec(message)?.[1];
  if (missing !== undefined) return messages.usage.flagMissing(missing.length === 1 ? `-${missing}` : `--${missing}`);
  return message;
}
