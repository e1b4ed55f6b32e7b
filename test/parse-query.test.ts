import test from 'ava';
import { parseQuery, queryMatch } from '../dist/recall/parse-query.js';
import { identifierParts } from '../dist/store/identifier-parts.js';
import { outlineMarkdown } from '../dist/markdown/doc-outline.js';
import { parseMarkdown } from '../dist/markdown/parse-markdown.js';

const terms = (input: string) => parseQuery(input).terms.map((term) => [term.text, term.prefix]);

test('words, "phrases", -exclusions, and the prefix rule for the last word', (t) => {
  t.deepEqual(terms('watch clock'), [['watch', false], ['clock', true]]);
  t.deepEqual(terms('C++'), [['C', false]]);
  t.deepEqual(terms('c++ go'), [['c', false], ['go', false]]);
  t.deepEqual(terms('"connection pool"'), [['"connection pool"', false]]);
  t.deepEqual(terms('"unclosed phrase'), [['"unclosed phrase"', false]]);
  t.deepEqual(terms('non-blocking io'), [['non blocking', false], ['io', false]]);
  t.deepEqual(terms('max_file_bytes'), [['max_file_bytes', true]]);
  const q = parseQuery('pool -draft -"old design" -R');
  t.deepEqual(q.excluded.map((term) => term.text), ['draft', '"old design"']);
  t.deepEqual(q.terms.map((term) => [term.text, term.prefix]), [['pool', false], ['R', false]], 'a short dashed word is a word; the last word decides the prefix');
  t.deepEqual(parseQuery('watch -draft').terms[0].prefix, false, 'an exclusion after it: the word was finished');
  t.deepEqual(parseQuery('-foo -bar'), { terms: [], excluded: [{ text: 'foo', words: ['foo'], prefix: false }, { text: 'bar', words: ['bar'], prefix: false }] });
  t.deepEqual(parseQuery('*** "" -'), { terms: [], excluded: [] });
});

test('MATCH expressions: quoted terms only, identifiers also as their parts, exclusions after NOT', (t) => {
  t.is(queryMatch(parseQuery('a:b NEAR(x OR'), 'all'), '"a b" AND "NEAR x" AND "OR"', 'two letters: no prefix');
  t.is(queryMatch(parseQuery('handleError pool'), 'any'), '("handleError" OR "handle Error") OR "pool"*');
  t.is(queryMatch(parseQuery('pool conn -draft -"old design"'), 'all'), '("pool" AND "conn") NOT ("draft" OR "old design")');
  t.is(queryMatch(parseQuery('-draft'), 'all'), null);
});

test('identifier parts: camelCase, PascalCase and acronyms; nothing to split otherwise', (t) => {
  t.deepEqual(identifierParts('handleError'), ['handle', 'Error']);
  t.deepEqual(identifierParts('XMLParser'), ['XML', 'Parser']);
  t.deepEqual(identifierParts('maxFileBytes'), ['max', 'File', 'Bytes']);
  for (const word of ['utf8', 'README', 'plain', 'max_file_bytes']) t.is(identifierParts(word), null, word);
});

test('the title is not repeated when the outermost heading is it (any case); the outline has the memories\' paths', (t) => {
  const source = '---\ntitle: setup GUIDE\n---\n# Setup guide\n\nx\n\n## Install\n\ny\n';
  t.deepEqual(parseMarkdown(source).memories.map((m) => m.heading), ['Setup guide', 'Setup guide > Install']);
  const outline = outlineMarkdown(source);
  t.is(outline.title, 'setup GUIDE');
  t.deepEqual(outline.sections.map((s) => [s.path.join(' > '), s.startLine, s.endLine]), [['Setup guide', 4, 10], ['Setup guide > Install', 8, 10]]);
  t.is(outline.lines.length, 10);
  const setext = outlineMarkdown('Title\n=====\n\ntext\r\n\r\nSub\n---\nmore\n');
  t.deepEqual(setext.sections.map((s) => [s.path.join(' > '), s.startLine, s.endLine]), [['Title', 1, 8], ['Title > Sub', 6, 8]]);
});

test('a last word whose stem is under three letters is a word, not a prefix: the index stems prefixes too', async (t) => {
  const { withStemmedPrefix, termMatch } = await import('../dist/recall/parse-query.js');
  const stems: Record<string, string> = { used: 'us', watchers: 'watcher', ops: 'op' };
  const last = (input: string) => {
    const query = withStemmedPrefix(parseQuery(input), (word) => stems[word] ?? word);
    return termMatch(query.terms[query.terms.length - 1]!);
  };
  t.is(last('who used'), '"used"');
  t.is(last('image ops'), '"ops"');
  t.is(last('the watchers'), '"watchers"*');
  t.is(last('"quoted used"'), '"quoted used"');
});
