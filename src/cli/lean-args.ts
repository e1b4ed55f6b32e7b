import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type LeanConfig<O extends Options> = { args: string[]; options: O; allowPositionals: true; strict: true; tokens: true };

/**
 * The argv of a lean entry point (delegated-main.ts, hook-run-main.ts, search-main.ts), parsed by node:util, or null
 * when yargs must have it: a flag unknown or misused (strict), one given twice (yargs would make an array of it), or
 * a `--` before the first word (`heimdall -- load` names no command for yargs: words after `--` never are one), or
 * an empty value (`--project-root ''`: yargs has its own word for each).
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
  if (new Set(names).size !== names.length) return null;
  if (Object.values(parsed.values).some((value) => value === '')) return null;
  const terminator = parsed.tokens.findIndex((token) => token.kind === 'option-terminator');
  return terminator !== -1 && terminator < parsed.tokens.findIndex((token) => token.kind === 'positional') ? null : parsed;
}
