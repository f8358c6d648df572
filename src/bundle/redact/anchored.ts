// Two of the redactor's patterns, run only where they can match. As global regular expressions
// they are tried at every position of a line (a lookbehind, then a lazy name or a scheme, each
// position paying for it); both can only start where a run of name or scheme characters starts and
// only match where that run is followed by something rare ("://", a secret name's last word and a
// separator), so that is searched for first and the pattern is run, sticky, at the run's start.
// The matches are the same, in the same order, as the global pattern's.

import { charSet, inSet } from "../../redact/char-set.js";

/**
 * `scheme://userinfo@`. A scheme starts only where a run of scheme characters starts (not at every
 * "." or "-" of a long run, which made this quadratic), and both parts are bounded (RFC 3986
 * schemes are short).
 */
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#@"'<>]{1,512})@/iy;
const MAX_SCHEME = 32;

/**
 * The name and separator of an assignment (`name=`, `name: `, `--name `); the value is read after
 * it. A name starts only where a run of name characters starts, and is at most 120 long.
 */
const ASSIGNMENT =
  /(?<![A-Za-z0-9_."\\-])(--?)?((?=[A-Za-z])[A-Za-z0-9_.-]{0,120}?(?:key|token|secret|passwd|password|authorization|cookie|credentials?|access|refresh))(\s*[=:]\s*|\s+)/iy;
/** Where an assignment's name can end: its last word, then what a separator starts with. */
const NAME_END = /(?:key|token|secret|passwd|password|authorization|cookie|credentials?|access|refresh)(?=[\s=:])/gi;

const SCHEME_CHARS = charSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-");
const NAME_CHARS = charSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

/** Every `scheme://userinfo@` of `line` replaced by `replace(match)` (groups: scheme, userinfo). */
export function replaceUserinfo(line: string, replace: (match: RegExpExecArray) => string): string {
  let out = "";
  let copied = 0;
  for (let sep = line.indexOf("://"); sep !== -1;) {
    let start = sep;
    while (start > 0 && sep - start <= MAX_SCHEME && inSet(SCHEME_CHARS, line.charCodeAt(start - 1))) start--;
    URL_USERINFO.lastIndex = start;
    const match = start < sep ? URL_USERINFO.exec(line) : null;
    const end = match ? start + match[0].length : 0;
    if (match) {
      const replaced = replace(match);
      if (replaced !== match[0]) {
        out += line.slice(copied, start) + replaced;
        copied = end;
      }
    }
    sep = line.indexOf("://", match ? end : sep + 3);
  }
  return copied === 0 ? line : out + line.slice(copied);
}

/**
 * Each assignment of `line`, left to right; `visit` returns where the search goes on (at least
 * the match's end: after the separator, or after the value it replaced).
 */
export function forEachAssignment(line: string, visit: (match: RegExpExecArray) => number): void {
  let resume = 0;
  NAME_END.lastIndex = 0;
  for (let end = NAME_END.exec(line); end; end = NAME_END.exec(line)) {
    let start = end.index;
    while (start > 0 && inSet(NAME_CHARS, line.charCodeAt(start - 1))) start--;
    if (start < resume) continue;
    ASSIGNMENT.lastIndex = start;
    const match = ASSIGNMENT.exec(line);
    if (!match) continue;
    resume = visit(match);
    if (NAME_END.lastIndex < resume) NAME_END.lastIndex = resume;
  }
}
