/** The git hooks heimdall installs: every way git changes the working tree's docs wholesale. */
export const hookNames = ['post-checkout', 'post-merge', 'post-rewrite'] as const;
export type HookName = (typeof hookNames)[number];
