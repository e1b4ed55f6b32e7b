// Shared by the benchmark scripts: temp corpora, timing, and sampling a process's peak RSS.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const heimdallBin = path.join(repoRoot, 'bin', 'heimdall.js');

export function tempProject(prefix = 'heimdall-bench-') {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  mkdirSync(path.join(root, '.heimdall', 'docs'), { recursive: true });
  return { root, docsDir: path.join(root, '.heimdall', 'docs'), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

const words = 'watchman clock batch store memory section heading branch merge rebase monitor executor subprocess signal lock docs search index'.split(' ');

/** A markdown doc of a few KB with a handful of sections; deterministic in `i`. */
export function markdownDoc(i, variant = 0) {
  const para = (n) => Array.from({ length: 40 }, (_, k) => words[(i * 7 + k * 3 + n + variant) % words.length]).join(' ');
  return `# Document ${i}\n\n${para(0)}.\n\n## Part one\n\n${para(1)}.\n\n${para(2)}.\n\n## Part two\n\n${para(3)}.\n\n\`\`\`sh\nheimdall load doc-${i}.md\n\`\`\`\n\n### Detail\n\n${para(4)} variant ${variant}.\n`;
}

/** Writes `count` docs spread over 100 folders; returns their project-relative paths. */
export function writeCorpus(docsDir, count, variant = 0) {
  const rels = [];
  for (let i = 0; i < count; i++) {
    const dir = `d${String(i % 100).padStart(2, '0')}`;
    mkdirSync(path.join(docsDir, dir), { recursive: true });
    writeFileSync(path.join(docsDir, dir, `doc-${i}.md`), markdownDoc(i, variant));
    rels.push(`.heimdall/docs/${dir}/doc-${i}.md`);
  }
  return rels;
}

/** Runs a command, sampling /proc/PID/status VmHWM (the kernel's peak-RSS mark) until it exits. */
export function runMeasured(argv, { cwd, input, env } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited between samples
      }
    };
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      child.on('close', () => resolve({ code, signal, stdout, stderr, wallMs, peakRssMb: peakKb / 1024 }));
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** A small deterministic generator (mulberry32): the same corpus every run. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function report(name, figures) {
  process.stdout.write(`${JSON.stringify({ bench: name, ...figures })}\n`);
}

/** MB of RSS per `per` units of `x` (a sample's count field), fitted by least squares over samples {kb, [x]}. */
export function slope(points, x, per) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p[x], 0) / n;
  const my = points.reduce((a, p) => a + p.kb / 1024, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p[x] - mx) * (p.kb / 1024 - my);
    den += (p[x] - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * per;
}
