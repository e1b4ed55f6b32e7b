// Real temp projects and real `heimdall` processes for the tests.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const heimdallBin = path.join(repoRoot, 'bin', 'heimdall.js');

/** A temp dir (symlink-resolved) removed when the test ends. */
export function tempDir(t, prefix = 'heimdall-test-') {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A project with `.heimdall/docs/` holding `docs` ({relative path under docs: content}).
 * Returns { root, docsDir, write(rel, content), remove(rel) } with paths relative to the root.
 */
export function makeProject(t, { docs = {}, config } = {}) {
  const root = tempDir(t);
  const docsDir = path.join(root, '.heimdall', 'docs');
  mkdirSync(docsDir, { recursive: true });
  if (config !== undefined) writeFileSync(path.join(root, '.heimdall', 'config.yaml'), config);
  const write = (rel, content) => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  for (const [name, content] of Object.entries(docs)) write(path.join('.heimdall', 'docs', name), content);
  return { root, docsDir, write, remove: (rel) => rmSync(path.join(root, rel), { force: true, recursive: true }) };
}

// Root bypasses file permissions; tests of permission errors run the CLI as root without the
// capabilities that do that (setpriv, from util-linux), so they need no other user, who might
// not be able to reach this checkout at all. The chaos run runs itself (and so every process it
// starts) under the same prefix.
export const dropPermissionBypass = ['--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search', '--'];

/** Runs the real CLI. Never throws on a non-zero exit: tests assert on exitCode. */
export function heimdall(args, { cwd, input, env, timeout = 60_000, unprivileged = false } = {}) {
  const argv = [process.execPath, heimdallBin, ...args];
  const [file, ...rest] = unprivileged && process.getuid?.() === 0 ? ['setpriv', ...dropPermissionBypass, ...argv] : argv;
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
export async function heimdallJson(args, options) {
  const result = await heimdall([...args, '--json'], options);
  let json;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw new Error(`not JSON (exit ${result.exitCode}): ${result.stdout}\n${result.stderr}`);
  }
  return { ...result, json };
}

/** Polls `check` until it returns a truthy value or the deadline passes (then throws). */
export async function waitFor(check, { timeout = 10_000, interval = 25, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
