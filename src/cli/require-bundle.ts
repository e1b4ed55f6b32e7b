import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Requires a lean bundle (dist/lean/*.cjs) through V8's code cache, kept beside it: a call then skips compiling the
 * functions it runs, which the cache of an earlier call holds (~10 ms of a ~130 ms `search --json`; a cache made at
 * build time, before anything ran, holds only the top level and saves nothing). Node 20 has no
 * `module.enableCompileCache`. The cache file's name carries the bundle's size and mtime and node's version: V8
 * checks its own version and flags, and the source's length only, so a rebuilt bundle must not find the old cache
 * (the build also empties dist/lean/). Written once, after the call, atomically; where dist/ is not writable,
 * every call compiles, as a plain require would.
 */
export function requireBundle<T>(file: string): T {
  const stat = statSync(file);
  const cacheFile = `${file}.${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.v8cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet: compiled from the source, and the cache written at exit
  }
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  if (cachedData === undefined || script.cachedDataRejected === true) process.once('exit', () => writeCache(cacheFile, script));
  return module.exports;
}

// At exit, so that the cache holds what this call compiled. Two calls may race: each renames a whole file.
function writeCache(cacheFile: string, script: vm.Script): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // never written (a read-only dist/)
    }
  }
}
