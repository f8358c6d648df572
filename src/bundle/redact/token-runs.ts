// Runs of the characters random tokens and base64 are made of (`[A-Za-z0-9+/=_-]`), found without
// reading every character: a run of at least `min` of them fills some window of `min` positions,
// and a window is read from its end back, so the first character that is not a run character
// moves the next window past it (as Boyer–Moore skips); words, numbers and paths are mostly
// shorter than a window, so most of a log's characters are never read. (The same search as a
// regular expression reads every character, several times over.)

import { charSet, inSet } from "../../redact/char-set.js";

const RUN_CHARS = charSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-");

/** Calls `found(start, end)` for every maximal run of at least `min` run characters, left to right. */
export function forEachLongRun(text: string, min: number, found: (start: number, end: number) => void): void {
  const length = text.length;
  // text[start - 1] is never a run character: start is 0, or just after one that is not.
  for (let start = 0; start + min <= length;) {
    let at = start + min - 1;
    while (at >= start && inSet(RUN_CHARS, text.charCodeAt(at))) at--;
    if (at >= start) {
      start = at + 1;
      continue;
    }
    let end = start + min;
    while (end < length && inSet(RUN_CHARS, text.charCodeAt(end))) end++;
    found(start, end);
    start = end + 1;
  }
}
