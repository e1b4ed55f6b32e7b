// parseMarkdown: markdown source -> title, tags and one memory per section.
import test from 'ava';
import { parseMarkdown, type ParsedDoc } from '../dist/markdown/parse-markdown.js';

/** The memories without the fields a test does not care about. */
const brief = (doc: ParsedDoc) => doc.memories.map((m) => [m.heading, m.startLine, m.endLine, m.text]);

test('ATX headings: one memory per section, heading line included, exact ranges and words', (t) => {
  const doc = parseMarkdown('# Alpha\n\nFirst para here.\n\n## Beta\n\nSecond para.\nStill second.\n');
  t.deepEqual(doc, {
    title: 'Alpha',
    tags: [],
    memories: [
      { heading: 'Alpha', headingPath: ['Alpha'], startLine: 1, endLine: 3, text: '# Alpha\n\nFirst para here.', words: 4 },
      {
        heading: 'Alpha > Beta',
        headingPath: ['Alpha', 'Beta'],
        startLine: 5,
        endLine: 8,
        text: '## Beta\n\nSecond para.\nStill second.',
        words: 5,
      },
    ],
  });
});

test('setext headings are headings, at levels 1 and 2', (t) => {
  const doc = parseMarkdown('Main Title\n==========\n\nIntro.\n\nSub Part\n--------\n\nBody text.\n');
  t.is(doc.title, 'Main Title');
  t.deepEqual(brief(doc), [
    ['Main Title', 1, 4, 'Main Title\n==========\n\nIntro.'],
    ['Main Title > Sub Part', 6, 9, 'Sub Part\n--------\n\nBody text.'],
  ]);
  t.deepEqual(doc.memories[1].headingPath, ['Main Title', 'Sub Part']);
});

test('a # inside fenced or indented code is not a heading', (t) => {
  const source = [
    '# Real',
    '',
    '```sh',
    '# not a heading',
    '## nor this',
    '```',
    '',
    '~~~',
    '# tilde fence',
    '~~~',
    '',
    '    # indented code',
    '',
    'after',
  ].join('\n');
  const doc = parseMarkdown(source);
  t.is(doc.memories.length, 1);
  t.deepEqual(brief(doc), [['Real', 1, 14, source]]);
});

test('heading paths nest by depth; a skipped level nests under the nearest shallower heading', (t) => {
  const source = '# A\n### C\n## B\n#### D\n##### E\n## F\n# G\n### H\n';
  const doc = parseMarkdown(source, { titleInPath: false });
  t.deepEqual(
    doc.memories.map((m) => m.headingPath),
    [['A'], ['A', 'C'], ['A', 'B'], ['A', 'B', 'D'], ['A', 'B', 'D', 'E'], ['A', 'F'], ['G'], ['G', 'H']],
  );
  t.deepEqual(
    doc.memories.map((m) => m.heading),
    ['A', 'A > C', 'A > B', 'A > B > D', 'A > B > D > E', 'A > F', 'G', 'G > H'],
  );
  // By default the paths start with the doc's title, its first h1: a later h1 is under it.
  t.deepEqual(
    parseMarkdown(source).memories.map((m) => m.heading),
    ['A', 'A > C', 'A > B', 'A > B > D', 'A > B > D > E', 'A > F', 'A > G', 'A > G > H'],
  );
});

test('a document starting below level 1 nests its deeper headings under the first one', (t) => {
  const doc = parseMarkdown('### Deep\ntext\n## Shallower\n### Under\n');
  t.deepEqual(
    doc.memories.map((m) => m.heading),
    ['Deep', 'Shallower', 'Shallower > Under'],
  );
  t.is(doc.title, null);
});

test('heading-only sections give a memory of the heading line; blank lines do not count', (t) => {
  const doc = parseMarkdown('# A\n## B\n\n   \n\n## C\ntext\n');
  t.deepEqual(brief(doc), [
    ['A', 1, 1, '# A'],
    ['A > B', 2, 2, '## B'],
    ['A > C', 6, 7, '## C\ntext'],
  ]);
  t.deepEqual(
    doc.memories.map((m) => m.words),
    [1, 1, 2],
  );
});

test('text before the first heading is its own memory, its heading path the title (the first h1)', (t) => {
  const doc = parseMarkdown('Some intro.\n\nMore intro.\n\n# First\n\nBody.\n');
  t.deepEqual(doc.memories[0], {
    heading: 'First',
    headingPath: ['First'],
    startLine: 1,
    endLine: 3,
    text: 'Some intro.\n\nMore intro.',
    words: 4,
  });
  t.deepEqual(brief(doc).slice(1), [['First', 5, 7, '# First\n\nBody.']]);
});

test('an empty preamble (only blank lines) gives no memory', (t) => {
  const doc = parseMarkdown('\n\n  \n\n# Only\n\nbody\n');
  t.deepEqual(brief(doc), [['Only', 5, 7, '# Only\n\nbody']]);
});

test('a file without headings is one memory of its whole text', (t) => {
  const doc = parseMarkdown('just text\n\n- a list\n- of things\n\n> a quote\n');
  t.deepEqual(doc, {
    title: null,
    tags: [],
    memories: [
      {
        heading: '',
        headingPath: [],
        startLine: 1,
        endLine: 6,
        text: 'just text\n\n- a list\n- of things\n\n> a quote',
        words: 8,
      },
    ],
  });
});

test('front matter gives title and tags (list), is not a memory, and line numbers count its lines', (t) => {
  const source = '---\ntitle: Deploy Guide\ntags:\n  - ops\n  - deploy\n---\n\nIntro.\n\n# Steps\n\nRun it.\n';
  const doc = parseMarkdown(source);
  t.is(doc.title, 'Deploy Guide');
  t.deepEqual(doc.tags, ['ops', 'deploy']);
  t.deepEqual(brief(doc), [
    ['Deploy Guide', 8, 8, 'Intro.'],
    ['Deploy Guide > Steps', 10, 12, '# Steps\n\nRun it.'],
  ]);
  t.false(doc.memories.some((m) => m.text.includes('Deploy Guide') || m.text.includes('---')));
});

test('front matter tags as a comma-separated string: trimmed, empties and duplicates dropped', (t) => {
  const doc = parseMarkdown('---\ntitle: "  Spaced   Title "\ntags: " alpha, beta ,, alpha,gamma "\n---\n# Heading\n');
  t.is(doc.title, 'Spaced Title');
  t.deepEqual(doc.tags, ['alpha', 'beta', 'gamma']);
  t.deepEqual(brief(doc), [['Spaced Title > Heading', 5, 5, '# Heading']]);
});

test('front matter title wins over the first h1; no front matter title falls back to the first h1', (t) => {
  const withTitle = parseMarkdown('---\ntitle: From YAML\n---\n## Intro\n# From Heading\n');
  t.is(withTitle.title, 'From YAML');
  // Heading paths start with the title.
  t.deepEqual(
    withTitle.memories.map((m) => m.headingPath),
    [['From YAML', 'Intro'], ['From YAML', 'From Heading']],
  );
  t.deepEqual(
    parseMarkdown('---\ntitle: From YAML\n---\n## Intro\n').memories.map((m) => m.headingPath),
    [['From YAML', 'Intro']],
  );

  const noTitle = parseMarkdown('---\ntags: [x, 2]\n---\n## Intro\n# First *H1*\n# Second H1\n');
  t.is(noTitle.title, 'First H1');
  t.deepEqual(noTitle.tags, ['x', '2']);

  t.is(parseMarkdown('## Only h2\n\ntext\n').title, null);
  t.is(parseMarkdown('no headings at all').title, null);
});

test('malformed front matter is ignored without throwing; the body still gives memories', (t) => {
  const broken = parseMarkdown('---\ntitle: [unclosed\ntags: a, b\n---\n# Body Title\n\nText.\n');
  t.deepEqual(broken, {
    title: 'Body Title',
    tags: [],
    memories: [
      { heading: 'Body Title', headingPath: ['Body Title'], startLine: 5, endLine: 7, text: '# Body Title\n\nText.', words: 3 },
    ],
  });

  // Valid YAML that is not a mapping, duplicate keys, a non-string title: all ignored.
  const list = parseMarkdown('---\n- a\n- b\n---\nbody\n');
  t.deepEqual([list.title, list.tags, brief(list)], [null, [], [['', 5, 5, 'body']]]);
  const dup = parseMarkdown('---\ntitle: A\ntitle: B\ntags: [x]\n---\nbody\n');
  t.deepEqual([dup.title, dup.tags], [null, []]);
  const odd = parseMarkdown('---\ntitle: {a: 1}\ntags: 7\n---\n');
  t.deepEqual(odd, { title: null, tags: [], memories: [] });
  const empty = parseMarkdown('---\n---\nbody\n');
  t.deepEqual([empty.title, empty.tags, brief(empty)], [null, [], [['', 3, 3, 'body']]]);
});

test('an unterminated front matter block is plain markdown, not front matter', (t) => {
  const doc = parseMarkdown('---\ntitle: Nope\n\nbody\n');
  t.is(doc.title, null);
  t.deepEqual(brief(doc), [['', 1, 4, '---\ntitle: Nope\n\nbody']]);
});

test('a long section is split at paragraph boundaries, keeping its heading path and own line ranges', (t) => {
  const source = [
    '# Guide', // 1 word
    '',
    '## Setup', // 1 word
    '',
    'one two three four', // 4
    '',
    'five six seven', // 3
    '',
    'eight nine ten eleven twelve', // 5
    'thirteen fourteen', // 2 (same paragraph: 7)
    '',
    'fifteen', // 1
    '',
    '## Next',
    '',
    'tail words',
  ].join('\n');
  const doc = parseMarkdown(source, { maxWords: 8 });
  t.deepEqual(doc.memories, [
    { heading: 'Guide', headingPath: ['Guide'], startLine: 1, endLine: 1, text: '# Guide', words: 1 },
    {
      heading: 'Guide > Setup',
      headingPath: ['Guide', 'Setup'],
      startLine: 3,
      endLine: 7,
      text: '## Setup\n\none two three four\n\nfive six seven',
      words: 8,
    },
    {
      heading: 'Guide > Setup',
      headingPath: ['Guide', 'Setup'],
      startLine: 9,
      endLine: 12,
      text: 'eight nine ten eleven twelve\nthirteen fourteen\n\nfifteen',
      words: 8,
    },
    { heading: 'Guide > Next', headingPath: ['Guide', 'Next'], startLine: 14, endLine: 16, text: '## Next\n\ntail words', words: 3 },
  ]);
  t.true(doc.memories.every((m) => m.words <= 8));
});

test('a long list is split between its items, never inside one', (t) => {
  // The third item alone (6 words) is over the limit: it stays whole.
  const source = '# L\n\n- a b c\n- d e f\n- g h i\n  continued j k\n- l\n- m\n';
  const doc = parseMarkdown(source, { maxWords: 5 });
  t.deepEqual(brief(doc), [
    ['L', 1, 3, '# L\n\n- a b c'],
    ['L', 4, 4, '- d e f'],
    ['L', 5, 6, '- g h i\n  continued j k'],
    ['L', 7, 8, '- l\n- m'],
  ]);
  t.deepEqual(
    doc.memories.map((m) => m.words),
    [4, 3, 6, 2],
  );
});

test('an oversized list item or quote is split between its own blocks, the first keeping its marker', (t) => {
  const doc = parseMarkdown('- p1 a b\n\n  p2 c d\n\n  p3 e f\n\n> q1 x y\n>\n> q2 z w\n', { maxWords: 4 });
  t.deepEqual(brief(doc), [
    ['', 1, 1, '- p1 a b'],
    ['', 3, 3, 'p2 c d'],
    ['', 5, 5, 'p3 e f'],
    ['', 7, 7, '> q1 x y'],
    ['', 9, 9, '> q2 z w'],
  ]);
});

test('a code block longer than maxWords is never split and stays whole in its own chunk', (t) => {
  const codeLines = Array.from({ length: 10 }, (_, i) => `let v${i} = ${i} + ${i};`);
  const code = ['```js', ...codeLines, '```'].join('\n');
  const source = `# Code\n\nbefore text here\n\n${code}\n\nafter text\n`;
  const doc = parseMarkdown(source, { maxWords: 5 });
  t.deepEqual(brief(doc), [
    ['Code', 1, 3, '# Code\n\nbefore text here'],
    ['Code', 5, 16, code],
    ['Code', 18, 18, 'after text'],
  ]);
  t.is(doc.memories[1].words, 41); // js + 10 lines of (v_i, i, i, i;)
  t.true(doc.memories[1].words > 5);
});

test('the heading sticks to the block after it even when that block alone is over the limit', (t) => {
  const big = 'w '.repeat(20).trim();
  const doc = parseMarkdown(`## Big\n\n${big}\n\nsmall one\n`, { maxWords: 10 });
  t.deepEqual(brief(doc), [
    ['Big', 1, 3, `## Big\n\n${big}`],
    ['Big', 5, 5, 'small one'],
  ]);
  t.deepEqual(
    doc.memories.map((m) => m.words),
    [21, 2],
  );
});

test('the default maxWords is 1000', (t) => {
  const para = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
  const source = `# Long\n\n${Array.from({ length: 15 }, () => para).join('\n\n')}\n`;
  const doc = parseMarkdown(source);
  // 1 + 100 * 15 words: the heading and nine paragraphs make 901, a tenth would pass 1000.
  t.deepEqual(
    doc.memories.map((m) => [m.startLine, m.endLine, m.words]),
    [
      [1, 19, 901],
      [21, 31, 600],
    ],
  );
});

test('maxWords must be a number >= 1', (t) => {
  t.throws(() => parseMarkdown('x', { maxWords: 0 }), { instanceOf: RangeError });
  t.throws(() => parseMarkdown('x', { maxWords: Number.NaN }), { instanceOf: RangeError });
  t.is(parseMarkdown('a b c\n\nd e', { maxWords: Number.POSITIVE_INFINITY }).memories.length, 1);
});

test('CRLF files: line numbers are right and memory text uses \\n', (t) => {
  const source = '---\r\ntitle: T\r\ntags: a,b\r\n---\r\n\r\n# One\r\n\r\nline a\r\nline b\r\n\r\n## Two\r\n```\r\n# x\r\n```\r\n';
  const doc = parseMarkdown(source);
  t.is(doc.title, 'T');
  t.deepEqual(doc.tags, ['a', 'b']);
  t.deepEqual(brief(doc), [
    ['T > One', 6, 9, '# One\n\nline a\nline b'],
    ['T > One > Two', 11, 14, '## Two\n```\n# x\n```'],
  ]);
  t.false(doc.memories.some((m) => m.text.includes('\r')));
});

test('CRLF split chunks keep correct line ranges', (t) => {
  const doc = parseMarkdown('# H\r\n\r\na b c\r\n\r\nd e f\r\n\r\ng h i\r\n', { maxWords: 4 });
  t.deepEqual(brief(doc), [
    ['H', 1, 3, '# H\n\na b c'],
    ['H', 5, 5, 'd e f'],
    ['H', 7, 7, 'g h i'],
  ]);
});

test('a UTF-8 BOM is not part of any text, with or without front matter', (t) => {
  const plain = parseMarkdown('\uFEFF# Title\n\nBody\n');
  t.is(plain.title, 'Title');
  t.deepEqual(brief(plain), [['Title', 1, 3, '# Title\n\nBody']]);

  const withFront = parseMarkdown('\uFEFF---\r\ntitle: Fm\r\n---\r\nIntro\r\n');
  t.is(withFront.title, 'Fm');
  t.deepEqual(brief(withFront), [['Fm', 4, 4, 'Intro']]);

  const noHeading = parseMarkdown('\uFEFFjust text');
  t.deepEqual(brief(noHeading), [['', 1, 1, 'just text']]);
  t.false([plain, withFront, noHeading].some((d) => d.memories.some((m) => m.text.includes('\uFEFF'))));
});

test('non-ASCII text and headings: accents, CJK, emoji', (t) => {
  const source = '---\ntitle: Café ☕\ntags: [données, 日本]\n---\n# Résumé 🚀\n\nÉté à Zürich.\n\n## 東京の概要\n\n東京は日本の首都です。\n\n### Emoji 😀 test\n\n👍 great 🎉\n';
  const doc = parseMarkdown(source);
  t.is(doc.title, 'Café ☕');
  t.deepEqual(doc.tags, ['données', '日本']);
  t.deepEqual(
    doc.memories.map((m) => [m.heading, m.startLine, m.endLine, m.words]),
    [
      ['Café ☕ > Résumé 🚀', 5, 7, 4], // Résumé, Été, à, Zürich.
      ['Café ☕ > Résumé 🚀 > 東京の概要', 9, 11, 15], // 5 + 10 CJK characters
      ['Café ☕ > Résumé 🚀 > 東京の概要 > Emoji 😀 test', 13, 15, 3], // Emoji, test, great
    ],
  );
  t.is(doc.memories[1].text, '## 東京の概要\n\n東京は日本の首都です。');
});

test('heading text is plain: inline code, emphasis, links and images flattened, HTML dropped', (t) => {
  const doc = parseMarkdown('# The `run` **command**: _fast_ [docs](https://x.y) ![logo](l.png) <kbd>K</kbd> &amp; \\*\n');
  t.is(doc.title, 'The run command: fast docs logo K & *');
  t.is(doc.memories[0].heading, 'The run command: fast docs logo K & *');
  t.is(doc.memories[0].text, '# The `run` **command**: _fast_ [docs](https://x.y) ![logo](l.png) <kbd>K</kbd> &amp; \\*');
});

test('headings inside a list or a blockquote do not open sections', (t) => {
  const doc = parseMarkdown('# Top\n\n> # quoted\n\n- # listed\n\ntext\n');
  t.deepEqual(brief(doc), [['Top', 1, 7, '# Top\n\n> # quoted\n\n- # listed\n\ntext']]);
});

test('empty and blank input give no memories', (t) => {
  const none = { title: null, tags: [], memories: [] };
  t.deepEqual(parseMarkdown(''), none);
  t.deepEqual(parseMarkdown('\n\n  \n\t\n'), none);
  t.deepEqual(parseMarkdown('\uFEFF'), none);
  t.deepEqual(parseMarkdown('\r\n\r\n'), none);
});

test('a long document with thousands of sections keeps exact paths and line numbers', (t) => {
  const section = (i: number) => `## Section ${i}\n\nSome text about item ${i}.\n\n- a\n- b\n\n\`\`\`\ncode ${i}\n\`\`\`\n`;
  const doc = Array.from({ length: 2000 }, (_, i) => section(i)).join('\n');
  const parsed = parseMarkdown(doc, { maxWords: 50 });
  t.is(parsed.memories.length, 2000);
  t.is(parsed.memories[1999].startLine, 1999 * 11 + 1);
  t.is(parsed.memories[1999].heading, 'Section 1999');
});

test('front matter heimdall.index false: no memories (title and tags kept); anything else indexes', (t) => {
  const body = '# Folder notes\n\nAbout this folder.\n';
  t.deepEqual(parseMarkdown(`---\ntitle: Readme\ntags: [meta]\nheimdall:\n  index: false\n---\n${body}`), { title: 'Readme', tags: ['meta'], memories: [] });
  t.deepEqual(parseMarkdown(`---\nheimdall: {index: false}\n---\n${body}`).memories, []);
  for (const front of ['heimdall: {index: true}', 'heimdall: {index: no}', 'heimdall: {index: "false"}', 'index: false', 'heimdall: false', 'heimdall: [index]']) {
    t.is(parseMarkdown(`---\n${front}\n---\n${body}`).memories.length, 1, front);
  }
});
