// Small formatters for people's output. JSON keeps raw numbers and ISO times.

/** Bytes in binary units with one decimal above 1 KiB: `312 B`, `1.5 KiB`, `12.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * Local time, `2026-12-01 11:20` (`:05` with seconds): absolute rather than "5 min ago", so that
 * the same store prints the same lines (stable in logs and tests), and sortable as text.
 */
export function formatLocalTime(time: number | string, options: { seconds?: boolean } = {}): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return String(time);
  const minute = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
  return options.seconds === true ? `${minute}:${two(d.getSeconds())}` : minute;
}

/** `1 memory`, `2 memories`, `0 pending paths`. */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
