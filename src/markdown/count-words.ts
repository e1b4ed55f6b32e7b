// A "word" is a whitespace-separated token holding at least one letter or digit,
// so markdown syntax alone ('#', '-', '```', '---', '>') does not count. Chinese
// and Japanese are written without spaces, so each Han/Kana character counts as a
// word of its own; otherwise a whole CJK paragraph would be one "word" and would
// never be split.
const TOKEN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\s\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;
const WORDY = /[\p{L}\p{N}]/u;

const NON_ASCII = /[^\x00-\x7f]/;

export function countWords(text: string): number {
  if (!NON_ASCII.test(text)) return countAsciiWords(text);
  let count = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (WORDY.test(match[0])) count += 1;
  }
  return count;
}

// The same count by hand for ASCII text (most of it, and every source of code): \s there is space, \t to \r.
function countAsciiWords(text: string): number {
  let count = 0;
  let wordy = false;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || (code >= 9 && code <= 13)) {
      if (inToken && wordy) count++;
      inToken = false;
      wordy = false;
      continue;
    }
    inToken = true;
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) wordy = true;
  }
  return inToken && wordy ? count + 1 : count;
}
