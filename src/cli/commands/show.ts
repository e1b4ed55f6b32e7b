import type { CommandModule } from 'yargs';
import { HeimdallError } from '../../errors/heimdall-error.js';
import { messages } from '../../errors/messages.js';
import type { ShowResult, ShownText } from '../../recall/show-doc.js';
import { commandContext, type GlobalArgs } from '../context.js';
import { printJson } from '../output.js';

type ShowArgs = GlobalArgs & { ref: string; json?: boolean };

export const showCommand: CommandModule<object, ShowArgs> = {
  command: 'show <ref>',
  describe: 'Print a doc from the disk, whole, one section (PATH#Heading) or lines (PATH:START-END), with line numbers',
  builder: (y) =>
    y
      .positional('ref', { type: 'string', describe: 'PATH, PATH#Heading, PATH#A > B, PATH:START-END or PATH:LINE' })
      .option('json', { type: 'boolean', describe: 'Print {"path","title","heading","lines":[start,end],"text"}' })
      .example('$0 show .heimdall/docs/ops.md', 'The whole doc')
      .example('$0 show ".heimdall/docs/ops.md#Watchman clocks"', 'One section, its subsections included')
      .example('$0 show .heimdall/docs/ops.md:9-11', 'What a search hit points at') as never,
  handler: async (args) => {
    const context = commandContext(args);
    const { showDoc } = await import('../../recall/show-doc.js');
    const result = showDoc(context.config, context.cwd, String(args.ref));
    if (result.kind !== 'shown') throw new HeimdallError('not-found', failure(result));
    if (args.json) return printJson({ path: result.path, title: result.title, heading: result.heading, lines: result.lines, text: result.text });
    process.stdout.write(numbered(result));
  },
};

function failure(result: Exclude<ShowResult, ShownText>): string {
  switch (result.kind) {
    case 'not-a-doc':
      return messages.show.notADoc(result.path, result.why);
    case 'no-such-heading':
      return messages.show.noSuchHeading(result.path, result.heading, result.headings);
    case 'ambiguous-heading':
      return messages.show.ambiguousHeading(result.path, result.heading, result.headings);
    case 'lines-outside':
      return messages.show.linesOutside(result.path, result.start, result.end, result.lineCount);
  }
}

// `path:start-end  heading`, as search prints a hit, then each line after its number.
function numbered(shown: ShownText): string {
  const [start, end] = shown.lines;
  const width = String(end).length;
  const body = shown.text.split('\n').map((line, i) => `${String(start + i).padStart(width)}  ${line}`.trimEnd());
  const head = `${shown.path}:${start}-${end}${shown.heading === '' ? '' : `  ${shown.heading}`}`;
  return `${[head, ...body].join('\n')}\n`;
}
