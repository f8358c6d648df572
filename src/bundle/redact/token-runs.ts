// Runs of the characters random tokens and base64 are made of (`[A-Za-z0-9+/=_-]`), found without
// reading every character: a run of at least `min` of them covers one of any `min` positions in a
// row, so only every `min`-th position is looked at, and a run is read out from the one it covers.
// (The same search as a regular expression reads every character, several times over.)

import { charSet, inSet } from "../../redact/char-set.js";

const RUN_CHARS = charSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-");

/** Calls `found(start, end)` for every maximal run of at least `min` run characters, left to right. */
export function forEachLongRun(text: string, min: number, found: (start: number, end: number) => void): void {
  // Probes stay on one grid of step `min` (restarting after each run read): a run that starts
  // after the last one read and is `min` long holds exactly one of them.
  for (let probe = min - 1; probe < text.length;) {
    if (!inSet(RUN_CHARS, text.charCodeAt(probe))) {
      probe += min;
      continue;
    }
    let start = probe;
    while (start > 0 && inSet(RUN_CHARS, text.charCodeAt(start - 1))) start--;
    let end = probe + 1;
    while (end < text.length && inSet(RUN_CHARS, text.charCodeAt(end))) end++;
    if (end - start >= min) found(start, end);
    probe = end + min;
  }
}
