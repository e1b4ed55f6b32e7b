/** The last non-blank line of a child's stderr: usually the one that says what went wrong. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return lines.at(-1) ?? '';
}
