// A small tmpfs for the tests of a full disk: mounted (we run as root) on a temp dir, filled on demand,
// unmounted in teardown whatever happened. Outside CI a machine that cannot mount skips those tests;
// under CI=true it must mount, so the tests fail instead.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionContext } from 'ava';

const mountTool = (args: [string, ...string[]]) => spawnSync(args[0], args.slice(1), { encoding: 'utf8' });

/** Whether this process can mount a tmpfs (root with CAP_SYS_ADMIN). Under CI=true, a "no" throws. */
export function tmpfsAvailable(): boolean {
  const dir = mkdtempSync(path.join(tmpdir(), 'heimdall-tmpfs-probe-'));
  const mounted = mountTool(['mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
  if (mounted.status === 0) mountTool(['umount', dir]);
  rmdirSync(dir);
  if (mounted.status !== 0 && process.env.CI === 'true') throw new Error(`the full-disk tests need to mount a tmpfs under CI=true: ${mounted.stderr || mounted.error?.message}`);
  return mounted.status === 0;
}

/**
 * Mounts a tmpfs of `size` (mount's syntax: 1m, 512k) on a new temp dir; unmounted and removed in teardown
 * (lazily if a process still has files open there). Returns { dir, fill(), free() }: fill() writes a filler
 * file until the file system is full to the byte, free() removes it.
 */
export function mountTmpfs(t: ExecutionContext, size = '2m') {
  const dir = mkdtempSync(path.join(tmpdir(), 'heimdall-tmpfs-'));
  const mounted = mountTool(['mount', '-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (mounted.status !== 0) {
    rmdirSync(dir);
    throw new Error(`mount -t tmpfs failed: ${mounted.stderr}`);
  }
  t.teardown(() => {
    if (mountTool(['umount', dir]).status !== 0) mountTool(['umount', '-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      try {
        // Big writes first, then smaller ones, down to the last byte.
        for (const size of [256 * 1024, 4096, 1]) {
          const chunk = Buffer.alloc(size, 0x2e);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
  };
}
