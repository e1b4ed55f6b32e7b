import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configTemplate } from './defaults.js';
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

/** Creates what is missing and nothing else; returns the files it created (project-relative). */
export function initProject(root: string): string[] {
  const paths = runtimePaths(root);
  const created: string[] = [];
  const docsDir = path.join(paths.dir, 'docs');
  const write = (file: string, text: string) => {
    if (existsSync(file)) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
    created.push(path.relative(root, file));
  };
  write(paths.configFile, configTemplate);
  write(paths.gitignore, gitignoreText);
  if (!existsSync(docsDir)) write(path.join(docsDir, 'README.md'), docsReadme);
  return created;
}
