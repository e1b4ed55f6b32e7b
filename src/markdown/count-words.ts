// A "word" is a whitespace-separated token holding at least one letter or digit,
// so markdown syntax alone ('#', '-', '```', '---', '>') does not count. Chinese
// and Japanese are written without spaces, so each Han/Kana character counts as a
// word of its own; otherwise a whole CJK paragraph would be one "word" and would
// never be split.
const TOKEN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|[^\s\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;
const WORDY = /[\p{L}\p{N}]/u;

export function countWords(text: string): number {
  let count = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (WORDY.test(match[0])) count += 1;
  }
  return count;
}
