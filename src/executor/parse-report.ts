import { summarize, type FileResult, type LoadReport } from '../contract/load-report.js';

const actions = new Set(['loaded', 'unchanged', 'removed', 'absent', 'moved', 'failed']);

/** The child's single JSON object, checked just enough to trust its per-path results; null when it is not one. */
export function parseReport(text: string | null): LoadReport | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || !Array.isArray(value['results'])) return null;
  const results = value['results'] as unknown[];
  for (const result of results) {
    if (!isObject(result) || typeof result['path'] !== 'string' || !actions.has(result['action'] as string)) return null;
    const error = result['error'];
    if (error !== undefined && (!isObject(error) || typeof error['permanent'] !== 'boolean')) return null;
  }
  const typed = results as FileResult[];
  const durationMs = value['durationMs'];
  return { results: typed, summary: summarize(typed), durationMs: typeof durationMs === 'number' ? durationMs : 0 };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
