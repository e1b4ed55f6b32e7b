/**
 * Pathspecs for project-relative target paths, read literally: a docs folder named
 * `notes[1]` or `*` must not turn into a glob. Callers run git from the project root.
 */
export function literalPathspecs(targets: string[]): string[] {
  return targets.map((target) => `:(literal)${target === '' ? '.' : target}`);
}
