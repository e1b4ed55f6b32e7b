// The recall benchmark's corpus: the README.md of every package `npm ci` put in node_modules/ (real text no
// one here wrote), and for each package a query: its package.json description without the package's own name.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/** [{ name, rel: 'node_modules/<name>/README.md', text, query }], one per package name (the first copy found). */
export function readmeCorpus(root) {
  const seen = new Map();
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === '.bin') continue;
      const rel = `${dir}/${entry.name}`;
      if (entry.name.startsWith('@')) {
        walk(rel);
        continue;
      }
      const pkgFile = path.join(root, rel, 'package.json');
      if (existsSync(pkgFile)) {
        const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
        const readme = readdirSync(path.join(root, rel)).find((file) => /^readme\.md$/i.test(file));
        const query = typeof pkg.description === 'string' ? withoutName(pkg.description, pkg.name) : '';
        if (readme && pkg.name && !seen.has(pkg.name) && /[\p{L}\p{N}]/u.test(query)) {
          seen.set(pkg.name, { name: pkg.name, rel: `${rel}/${readme}`, text: readFileSync(path.join(root, rel, readme), 'utf8'), query });
        }
      }
      walk(`${rel}/node_modules`);
    }
  };
  walk('node_modules');
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// `@types/node` goes as `@types/node` and as `node`; a whole word, any case.
function withoutName(description, name) {
  const forms = [name, name.replace(/^@[^/]+\//, '')];
  let out = description;
  for (const form of forms) out = out.replace(new RegExp(`(^|[^\\p{L}\\p{N}])${escape(form)}(?![\\p{L}\\p{N}])`, 'giu'), '$1');
  return out.replace(/\s+/g, ' ').trim();
}

// Words with no other form, left as they are.
const fixed = new Set('a an the and or of for to in on with without by from as at is are be it its this that into via not no yet your you all any each'.split(' '));

/**
 * The same word in another form, what stemming is for: plural <-> singular, -ed <-> -ing. Rules, not a
 * dictionary, so some forms are not English (`runned`); people type those too.
 */
export function inflect(word) {
  const lower = word.toLowerCase();
  // Short words, acronyms (URL, HTTP), adverbs and superlatives have no plural nor -ed form.
  if (lower.length <= 3 || fixed.has(lower) || !/^[a-z]+$/.test(lower) || word === word.toUpperCase() || /(ly|est)$/.test(lower)) return word;
  if (lower.endsWith('ing') && /[aeiouy]/.test(lower.slice(0, -3))) return `${word.slice(0, -3)}ed`;
  if (lower.endsWith('ed')) return `${word.slice(0, -2)}ing`;
  if (lower.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(lower)) return `${word}es`;
  if (/(x|ch|sh|ss)es$/.test(lower)) return word.slice(0, -2);
  if (lower.endsWith('s')) return word.slice(0, -1);
  if (/[^aeiou]y$/.test(lower)) return `${word.slice(0, -1)}ies`;
  if (/(x|ch|sh)$/.test(lower)) return `${word}es`;
  return `${word}s`;
}

export function inflectQuery(query) {
  return query.replace(/[\p{L}\p{N}]+/gu, (word) => inflect(word));
}
