/** A file under the control directory the monitor itself handles (never sent to the executor): a health canary. */
export function controlFilePrefix(controlDir: string): string {
  return `${controlDir}/canary.`;
}
