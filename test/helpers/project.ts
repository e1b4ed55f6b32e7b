// Real temp projects and real `heimdall` processes for the tests.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext, Implementation, SkipFn, TestFn } from 'ava';
import { execa } from 'execa';
import type { SourceLine } from '../../dist/cli/format-sources.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const heimdallBin = path.join(repoRoot, 'bin', 'heimdall.js');

export type Project = ReturnType<typeof makeProject>;

/** One source of `heimdall sources --json`. */
export type ListedSource = SourceLine & { sha1: string };

export interface HeimdallOptions {
  cwd?: string;
  input?: string | Uint8Array;
  env?: Record<string, string | undefined>;
  timeout?: number;
  unprivileged?: boolean;
}

/** What `heimdall()` resolves to: execa's result, stdout and stderr as strings; exitCode undefined when it was killed. */
export type HeimdallResult = Awaited<ReturnType<typeof heimdall>>;
export type HeimdallRun = typeof heimdall;

/** What a file declares its tests with when they may all be skipped (`available ? test : test.skip`). */
export type DeclareTest = (title: string, implementation: Implementation<[]>) => void;

/** A helper's `test` when what it needs may be missing: ava's `test` (or `test.serial`), or both skipping. */
export interface SkippableTestFn extends DeclareTest {
  serial: SkipFn;
}

/** `test` whose tests, serial ones too, are all skipped (ava has no `test.skip.serial`). */
export function skipping(test: TestFn): SkippableTestFn {
  return Object.assign((title: string, implementation: Implementation<[]>) => test.skip(title, implementation), { serial: test.serial.skip });
}

/** What `waitFor` hands back: the check's value, known to be truthy. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

/** A temp dir (symlink-resolved) removed when the test ends. */
export function tempDir(t: ExecutionContext, prefix = 'heimdall-test-'): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A project with `.heimdall/docs/` holding `docs` ({relative path under docs: content}).
 * Returns { root, docsDir, write(rel, content), remove(rel) } with paths relative to the root.
 */
export function makeProject(t: ExecutionContext, { docs = {}, config }: { docs?: Record<string, string>; config?: string } = {}) {
  const root = tempDir(t);
  const docsDir = path.join(root, '.heimdall', 'docs');
  mkdirSync(docsDir, { recursive: true });
  if (config !== undefined) writeFileSync(path.join(root, '.heimdall', 'config.yaml'), config);
  const write = (rel: string, content: string | NodeJS.ArrayBufferView): string => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  for (const [name, content] of Object.entries(docs)) write(path.join('.heimdall', 'docs', name), content);
  return { root, docsDir, write, remove: (rel: string) => rmSync(path.join(root, rel), { force: true, recursive: true }) };
}

// Root bypasses file permissions; tests of permission errors run the CLI as root without the
// capabilities that do that (setpriv, from util-linux), so they need no other user, who might
// not be able to reach this checkout at all. The chaos run runs itself (and so every process it
// starts) under the same prefix.
export const dropPermissionBypass = ['--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search', '--'];

/** Runs the real CLI. Never throws on a non-zero exit: tests assert on exitCode. */
export function heimdall(args: string[], { cwd, input, env, timeout = 60_000, unprivileged = false }: HeimdallOptions = {}) {
  const argv: [string, ...string[]] = [process.execPath, heimdallBin, ...args];
  const [file, ...rest]: [string, ...string[]] = unprivileged && process.getuid?.() === 0 ? ['setpriv', ...dropPermissionBypass, ...argv] : argv;
  return execa(file, rest, {
    cwd,
    input,
    env: { HEIMDALL_HOOKS_SYNC: undefined, ...env },
    reject: false,
    timeout,
    stripFinalNewline: true,
  });
}

/** Runs the CLI with --json and parses stdout; the result keeps exitCode and stderr. */
// `any` by default: a caller that reads a report through one of src/contract/'s types says so (heimdallJson<LoadReport>).
export async function heimdallJson<Report = any>(args: string[], options?: HeimdallOptions): Promise<HeimdallResult & { json: Report }> {
  const result = await heimdall([...args, '--json'], options);
  let json: Report;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw new Error(`not JSON (exit ${result.exitCode}): ${result.stdout}\n${result.stderr}`);
  }
  return { ...result, json };
}

/** Polls `check` until it returns a truthy value or the deadline passes (then throws). */
export async function waitFor<T>(check: () => T | Promise<T>, { timeout = 10_000, interval = 25, what = 'condition' }: { timeout?: number; interval?: number; what?: string } = {}): Promise<Truthy<T>> {
  const deadline = Date.now() + timeout;
  let last: T;
  for (;;) {
    last = await check();
    if (last) return last as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
