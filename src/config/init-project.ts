import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HeimdallError } from '../errors/heimdall-error.js';
import { messages } from '../errors/messages.js';
import { configTemplate, defaultConfig } from './defaults.js';
import { loadConfig } from './load-config.js';
import { normalizeTarget } from './parse-config.js';
import { runtimePaths } from './runtime-paths.js';

const gitignoreText = `# heimdall's runtime files. The docs are meant to be committed; these are not.
memory.db
memory.db-*
run/
logs/
`;

// Its front matter keeps it out of search: it describes the folder, it is not project knowledge.
const docsReadme = `---
heimdall:
  index: false # stored without memories, so never in search; delete this front matter to index it
---
# Project docs

Markdown files in this folder are indexed by heimdall into a searchable memory
store (\`heimdall search WORDS\`). Commit them with the code; heimdall keeps the
store in sync through \`heimdall watch\`, its git hooks, or \`heimdall sync\`.

A file whose front matter says \`heimdall: {index: false}\`, like this one, stays
in the folder but out of the memories.
`;

export interface InitOptions {
  /** `init --docs DIR`: the docs folder, as the user typed it (relative to `cwd`). */
  docs?: string | undefined;
  cwd?: string;
}

/**
 * Creates what is missing and nothing else; returns the files it created (project-relative).
 * A new docs folder gets a README saying what it is for; an existing one is left as it is.
 * An existing config.yaml is never rewritten: `--docs` must then agree with its target_path.
 */
export function initProject(root: string, options: InitOptions = {}): string[] {
  const paths = runtimePaths(root);
  const docs = options.docs === undefined ? defaultConfig.monitoring.targetPaths[0]! : docsTarget(root, options.docs, options.cwd ?? process.cwd());
  if (options.docs !== undefined && existsSync(paths.configFile)) {
    const current = loadConfig(root, {}).monitoring.targetPaths;
    if (current.length !== 1 || current[0] !== docs) throw new HeimdallError('usage', messages.initDocsConflict(paths.configFile, current));
  }
  const created: string[] = [];
  const write = (file: string, text: string) => {
    if (existsSync(file)) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
    created.push(path.relative(root, file));
  };
  write(paths.configFile, configTemplate(docs));
  write(paths.gitignore, gitignoreText);
  const docsDir = path.join(root, docs);
  if (!existsSync(docsDir)) write(path.join(docsDir, 'README.md'), docsReadme);
  return created;
}

/** `--docs DIR` as a project-relative POSIX path (what target_path holds). */
function docsTarget(root: string, dir: string, cwd: string): string {
  const target = normalizeTarget(root, path.resolve(cwd, dir));
  if (target === null || dir === '') throw new HeimdallError('usage', messages.initDocsOutside(dir, root));
  return target;
}
