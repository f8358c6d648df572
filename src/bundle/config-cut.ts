// A config too large to be useful to support is cut before it is redacted: what is kept ends at a
// line end, or (a config written on one line) before the token the bound falls in, so no value is
// left half there; what is cut is said in the file itself and in the bundle's notes.
import { createScanner, SyntaxKind } from "jsonc-parser";

/** The most of the config's text that goes into config.redacted.jsonc (characters). */
const MAX_CONFIG_CHARS = 8 * 1024 * 1024;

export interface CutText {
  text: string;
  /** How many characters were left out (0: none). */
  cutChars: number;
}

export function cutConfigText(text: string, max = MAX_CONFIG_CHARS): CutText {
  if (text.length <= max) return { text, cutChars: 0 };
  const newline = text.lastIndexOf("\n", max - 1);
  const end = newline >= max / 2 ? newline + 1 : lastTokenStart(text.slice(0, max));
  return { text: text.slice(0, end), cutChars: text.length - end };
}

/** Where the last token of `prefix` starts (comments and spaces count as tokens): it may be cut short. */
function lastTokenStart(prefix: string): number {
  const scanner = createScanner(prefix, false);
  let last = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) last = scanner.getTokenOffset();
  return last;
}
