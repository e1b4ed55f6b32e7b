// Placeholder until the git hook installer lands: `init` never installs hooks yet.
export async function decideHooks(_root: string, _wanted: boolean | undefined, _interactive: boolean): Promise<unknown> {
  return null;
}
