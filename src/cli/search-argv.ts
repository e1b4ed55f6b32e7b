import { commandIndex } from './route.js';

// `heimdall search migrate -draft`: to yargs `-draft` is five short flags (d, r, a, f, t). A search's words,
// excluded ones included, are moved after `--`, in their order (the last word is the prefix one), so that
// `-word` reaches the query parser as a word. Only search's own options stay options.
const withValue = new Set(['--limit', '-n', '--path', '--tag', '--project-root']);
const shortOptions = /^-(?:h|v|n\d*)$/;

export function searchArgv(args: readonly string[]): string[] {
  const at = commandIndex(args);
  if (at === -1 || args[at] !== 'search') return [...args];
  const options: string[] = [];
  const words: string[] = [];
  let moved = false;
  for (let i = at + 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      words.push(...args.slice(i + 1));
      moved = true;
      break;
    }
    if (withValue.has(arg)) {
      options.push(arg, ...(i + 1 < args.length ? [args[++i]!] : []));
    } else if (arg.startsWith('--') || shortOptions.test(arg)) {
      options.push(arg);
    } else {
      if (arg.length > 1 && arg.startsWith('-')) moved = true;
      words.push(arg);
    }
  }
  if (!moved) return [...args];
  return [...args.slice(0, at + 1), ...options, '--', ...words];
}
