export interface GlobalArgs {
  projectRoot?: string | undefined;
  /** What followed `--` (main.ts: only the commands that take words accept any). */
  '--'?: string[] | undefined;
}
