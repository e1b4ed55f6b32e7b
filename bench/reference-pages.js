// A corpus like a folder of command reference pages (man pages, tldr pages, a CLI's docs): many small files of
// 5 to 10 short sections each (a synopsis, options as a list, an example fence, a few one-paragraph sections),
// some with front matter. Deterministic in the file's number: the same corpus every run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from './lib.js';

// A few thousand made-up words, drawn with a skew (a few common, most rare), as words are in real docs.
const syllables = 'ka lo mi ne ru sa ti vo pe da gri fen mor tal ex un re in de con pro sub ter ba ly ost ind ar ch ze'.split(' ');
const vocabulary = [];
for (const a of syllables) for (const b of syllables) for (const c of ['', ...syllables.slice(0, 5)]) vocabulary.push(a + b + c);

const sectionNames = ['Description', 'Options', 'Examples', 'Exit status', 'Environment', 'Files', 'Notes', 'Bugs', 'See also', 'History'];

/** One reference page: a title, a one-line summary, a synopsis fence, then 5 to 10 sections in all. */
export function referencePage(i) {
  const rand = seededRandom(i + 1);
  const word = () => vocabulary[Math.floor(vocabulary.length * rand() ** 3)];
  const words = (n) => Array.from({ length: n }, word).join(' ');
  const sentence = () => `${words(6 + Math.floor(rand() * 10))}.`;
  const command = `${word()}-${word()}`;
  const flag = () => `--${word()}`;
  const parts = [];
  if (i % 4 === 0) parts.push(`---\ntitle: ${command}\ntags: [${word()}, ${word()}]\n---\n`);
  parts.push(`# ${command}\n\n${sentence()}\n`);
  parts.push(`## Synopsis\n\n\`\`\`sh\n${command} [${flag()}] [${flag()} <${word()}>] <${word()}>...\n\`\`\`\n`);
  const sections = 3 + Math.floor(rand() * 6);
  for (let s = 0; s < sections; s++) {
    const name = sectionNames[(i + s) % sectionNames.length];
    if (name === 'Options') {
      const items = Array.from({ length: 2 + Math.floor(rand() * 4) }, () => `- \`${flag()}\`: ${sentence()}`);
      parts.push(`## ${name}\n\n${items.join('\n')}\n`);
    } else if (name === 'Examples') {
      parts.push(`## ${name}\n\n${sentence()}\n\n\`\`\`sh\n${command} ${flag()} ${word()}\n\`\`\`\n`);
    } else {
      parts.push(`## ${name}\n\n${Array.from({ length: 1 + Math.floor(rand() * 3) }, sentence).join(' ')}\n`);
    }
  }
  return parts.join('\n');
}

/** Writes `count` pages spread over 50 folders under `docsDir`; returns their project-relative paths. */
export function writeReferencePages(docsDir, count) {
  const rels = [];
  for (let i = 0; i < count; i++) {
    const dir = `p${String(i % 50).padStart(2, '0')}`;
    mkdirSync(path.join(docsDir, dir), { recursive: true });
    writeFileSync(path.join(docsDir, dir, `page-${i}.md`), referencePage(i));
    rels.push(`.heimdall/docs/${dir}/page-${i}.md`);
  }
  return rels;
}
