import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';

// Numbers are parsed here, not by yargs (`type: 'number'`), which turns `abc` into NaN, an
// empty `--limit=` into 0 and accepts `0x10` and `1e3`: a flag's value is what the user
// wrote, or a usage error (exit 2) that says which flag and what it must be.

// setTimeout's ceiling (2^31 - 1 ms): a longer delay fires at once instead.
const maxSeconds = Math.floor(2_147_483_647 / 1000);

// A flag given twice (`--limit 5 --limit 3`) reaches coerce as an array: the last one wins, as in git.
const last = (value: unknown): unknown => (Array.isArray(value) ? value[value.length - 1] : value);

const bad = (flag: string, expected: string, got: unknown) => new HeimdallError('usage', messages.usage.flagValue(flag, expected, String(got)));

/** A count from 1 up (`--limit`). */
export function positiveInteger(flag: string): (value: unknown) => number {
  return (given) => {
    const value = last(given);
    const number = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < 1) throw bad(flag, 'a whole number from 1 up', value);
    return number;
  };
}

/** Seconds, fractions allowed; `min: 'positive'` also refuses 0 (a deadline nothing can meet). */
export function seconds(flag: string, min: 'zero' | 'positive'): (value: unknown) => number {
  const expected = min === 'zero' ? `a number of seconds from 0 to ${maxSeconds}` : `a number of seconds above 0 (at most ${maxSeconds})`;
  return (given) => {
    const value = last(given);
    const number = typeof value === 'number' ? value : /^(\d+\.?\d*|\.\d+)$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isFinite(number) || number < 0 || (min === 'positive' && number === 0) || number > maxSeconds) throw bad(flag, expected, value);
    return number;
  };
}

/** A string flag's value: never empty (`--since=` is a mistake, not "no revision"). */
export function nonEmpty(flag: string): (value: unknown) => string {
  return (given) => {
    const value = last(given);
    if (typeof value !== 'string' || value === '') throw new HeimdallError('usage', messages.usage.flagMissing(flag));
    return value;
  };
}

/** One of `choices` (yargs checks which; this keeps the last of a repeated flag). */
export function oneOf<T extends string>(choices: readonly T[], defaultValue: T, describe: string) {
  return { choices, default: defaultValue, requiresArg: true, coerce: (value: unknown) => last(value) as T, describe } as const;
}

// No `type` on the number options: with main.ts's 'parse-numbers': false their value reaches
// coerce as typed, and --help shows no misleading [string].

/** A seconds option: its value is required, parsed by `seconds`. */
export function secondsOption(flag: string, min: 'zero' | 'positive', defaultValue: number, describe: string) {
  return { requiresArg: true, default: defaultValue, coerce: seconds(`--${flag}`, min), describe } as const;
}

/** A count option (`--limit`): its value is required, parsed by `positiveInteger`. */
export function countOption(flag: string, defaultValue: number, describe: string) {
  return { requiresArg: true, default: defaultValue, coerce: positiveInteger(`--${flag}`), describe } as const;
}

/** A TCP port: 0 (any free one) to 65535. */
export function portOption(flag: string, defaultValue: number, describe: string) {
  const coerce = (given: unknown) => {
    const value = last(given);
    const number = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number > 65535) throw bad(`--${flag}`, 'a port number from 0 (any free one) to 65535', value);
    return number;
  };
  return { requiresArg: true, default: defaultValue, coerce, describe } as const;
}

/** A flag that may be given several times (`--tag a --tag b`): every value kept, none empty. */
export function repeatable(flag: string, value: string, describe: string) {
  const check = nonEmpty(flag);
  return {
    type: 'string',
    requiresArg: true,
    coerce: (given: unknown) => (Array.isArray(given) ? given : [given]).map((one) => check(one)),
    describe: `${describe} [${value}]`,
  } as const;
}
