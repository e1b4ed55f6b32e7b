// Test seam: HEIMDALL_TEST_STALL_AFTER=N stalls the (N+1)th file this process writes inside its transaction, its old
// memories already deleted, so that crash tests kill a load certainly mid-batch and mid-write. The files before it are
// committed first; with HEIMDALL_TEST_STALL_IN_GROUP=1 they are not (nor after 100 ms): they share its transaction.
const stallAfter = Number(process.env['HEIMDALL_TEST_STALL_AFTER'] ?? -1);
export const stallInGroup = process.env['HEIMDALL_TEST_STALL_IN_GROUP'] === '1';
let written = 0;
export function testStallNext(): boolean {
  return stallAfter >= 0 && written === stallAfter;
}
export function testStallDue(): boolean {
  return stallAfter >= 0 && written++ === stallAfter;
}
export function testStall(): void {
  process.stderr.write('heimdall: test stall\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
}
