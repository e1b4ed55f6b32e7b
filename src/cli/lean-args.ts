import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type LeanConfig<O extends Options> = { args: string[]; options: O; allowPositionals: true; strict: true; tokens: true };

/**
 * The argv of a lean entry point (delegated-main.ts, hook-run-main.ts), parsed by node:util, or null when yargs must
 * have it: a flag unknown or misused (strict), or one given twice (yargs would make an array of it).
 */
export function parseLeanArgs<const O extends Options>(args: string[], options: O): ReturnType<typeof parseArgs<LeanConfig<O>>> | null {
  const config: LeanConfig<O> = { args, options, allowPositionals: true, strict: true, tokens: true };
  let parsed;
  try {
    parsed = parseArgs(config);
  } catch {
    return null;
  }
  const names = parsed.tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : []));
  return new Set(names).size === names.length ? parsed : null;
}
