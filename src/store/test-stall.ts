import { readFileSync, renameSync } from 'node:fs';

// Test seams of the crash tests, inert unless their variable is set. Each stalls one write inside
// its transaction, the file's old memories already deleted (the worst moment to die), so that a test
// kills a load certainly mid-batch and mid-write.
//
// HEIMDALL_TEST_STALL_AFTER=N stalls the (N+1)th file this process writes.
// HEIMDALL_TEST_STALL_ONCE=FILE, FILE holding N: the first process to reach its (N+1)th write while
// FILE exists takes it (renames it to FILE.<pid>: who stalled, and that it is there now) and stalls;
// every other write goes on. One stall whoever writes: the chaos run arms it for a running monitor,
// whose loads (and their retries) inherit the variable, without stalling every load after.
// The files a load wrote before the stalled one are committed first (the tests expect them stored);
// with HEIMDALL_TEST_STALL_IN_GROUP=1 they are not (nor after their chunk's time): they share its transaction.
// The PostgreSQL store stalls the same way, inside the file's own transaction (each file commits on its own
// there, so the files before it are committed anyway): a process killed there holds an open transaction and
// the file's advisory lock, which the server must roll back and release.
export const stallAfterVariable = 'HEIMDALL_TEST_STALL_AFTER';
export const stallOnceVariable = 'HEIMDALL_TEST_STALL_ONCE';
export const stallInGroup = process.env['HEIMDALL_TEST_STALL_IN_GROUP'] === '1';

const stallAfter = Number(process.env[stallAfterVariable] ?? -1);
const stallOnce = process.env[stallOnceVariable] ?? '';
let written = 0;

/** Whether the next write may stall: its caller commits what came before it first. */
export function testStallNext(): boolean {
  return written === stallAfter || (stallOnce !== '' && armed(written));
}

/** Called inside each write, its old memories deleted: stalls the one the seam names. */
export function testStall(): void {
  const index = written++;
  if (index !== stallAfter && !(stallOnce !== '' && claimed(index))) return;
  process.stderr.write('heimdall: test stall\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
}

function armed(index: number): boolean {
  try {
    return index >= Number(readFileSync(stallOnce, 'utf8'));
  } catch {
    return false;
  }
}

function claimed(index: number): boolean {
  if (!armed(index)) return false;
  try {
    // The rename is the claim: of two processes at once, one finds the file gone.
    renameSync(stallOnce, `${stallOnce}.${process.pid}`);
    return true;
  } catch {
    return false;
  }
}
