// Three of the redactor's patterns as scanning loops: the query parameter, the JSON member and the
// authorization header. Each finds exactly the matches its regular expression (named above
// each function, and kept in test/bundle/scanners.test.ts, which compares the two) finds, left to
// right, and hands the stage only what it needs (the name, the value), so a line whose values are
// already placeholders costs no match array, no capture strings and no rebuilt line. The value is
// replaced in place; the rest of each match is kept as it is, as the stage's replacement did.
import { charSet, inSet } from "../../redact/char-set.js";

/** What a stage makes of a value: the value itself to leave it as it is. */
export type ValueReplacer = (name: string, value: string) => string;

/** Whether a UTF-16 unit is one of JavaScript's `\s` (white space and line terminators). */
export function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Whether text[at] is a word character (`\w` without the u flag) or there is none (`\b`). */
function isWordAt(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return false;
  const code = text.charCodeAt(at);
  return inSet(WORD_CHARS, code);
}

const WORD_CHARS = charSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

/** Whether text[at, at + word.length) is `word` (lower-case ASCII) in any case, as the i flag compares. */
function hasWordAt(text: string, at: number, word: string): boolean {
  if (at < 0 || at + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) {
    const code = text.charCodeAt(at + i);
    const want = word.charCodeAt(i);
    // Letters only: the words below are letters, and no character above ASCII folds to one.
    if (code !== want && !(want >= 97 && want <= 122 && code === want - 32)) return false;
  }
  return true;
}

/** The line with some of its values replaced (made at the first value that changes). */
class Rewrite {
  private out = "";
  private copied = 0;

  constructor(private readonly text: string) {}

  /** text[from, to) becomes `value`, when it differs. */
  replace(from: number, to: number, original: string, value: string): void {
    if (value === original) return;
    this.out += this.text.slice(this.copied, from) + value;
    this.copied = to;
  }

  result(): string {
    return this.out + this.text.slice(this.copied);
  }
}

const PARAMETER_NAME = charSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-[]");

function endsQueryValue(code: number): boolean {
  // [^&#\s"'<>]
  return code === 38 || code === 35 || code === 34 || code === 39 || code === 60 || code === 62 || isSpace(code);
}

const QUERY_START = /[?&;]/g;

/**
 * `/([?&;])([A-Za-z0-9_.\-[\]]+)=([^&#\s"'<>]*)/g`: each value replaced by `replace(name, value)`.
 */
export function replaceQueryValues(text: string, replace: ValueReplacer): string {
  const length = text.length;
  let rewrite: Rewrite | undefined;
  for (let at = 0; at < length;) {
    QUERY_START.lastIndex = at;
    if (!QUERY_START.test(text)) break;
    at = QUERY_START.lastIndex - 1;
    let nameEnd = at + 1;
    while (nameEnd < length && inSet(PARAMETER_NAME, text.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === at + 1 || nameEnd >= length || text.charCodeAt(nameEnd) !== 61 /* = */) {
      at++;
      continue;
    }
    let valueEnd = nameEnd + 1;
    while (valueEnd < length && !endsQueryValue(text.charCodeAt(valueEnd))) valueEnd++;
    const value = text.slice(nameEnd + 1, valueEnd);
    const replaced = replace(text.slice(at + 1, nameEnd), value);
    if (replaced !== value) (rewrite ??= new Rewrite(text)).replace(nameEnd + 1, valueEnd, value, replaced);
    at = valueEnd;
  }
  return rewrite ? rewrite.result() : text;
}

/**
 * `/(\\*"([^"\\]{1,80})\\*"\s*:\s*\\*")((?:[^"\\]|\\[^"])*)(?=\\*")/g` (a JSON member, also inside
 * a JSON string): each value replaced by `replace(name, value)`. A match can start only at a quote
 * or at the backslashes before one, and what follows the quote decides it, so each quote is tried
 * once, from the first of its backslashes that the search has not passed.
 */
export function replaceJsonMembers(text: string, replace: ValueReplacer): string {
  const length = text.length;
  let rewrite: Rewrite | undefined;
  let from = 0; // where the search goes on
  for (let quote = text.indexOf('"', from); quote !== -1; quote = text.indexOf('"', from)) {
    const valueEnd = jsonMemberAt(text, quote);
    if (valueEnd === -1) {
      from = quote + 1;
      continue;
    }
    const valueStart = member.valueStart;
    const value = text.slice(valueStart, valueEnd);
    const replaced = replace(text.slice(quote + 1, member.nameEnd), value);
    if (replaced !== value) (rewrite ??= new Rewrite(text)).replace(valueStart, valueEnd, value, replaced);
    from = valueEnd;
    if (from >= length) break;
  }
  return rewrite ? rewrite.result() : text;
}

/** Where the name of the member jsonMemberAt found ends and its value starts (no array per quote). */
const member = { nameEnd: 0, valueStart: 0 };

/**
 * Where the value ends of the member whose name opens with the quote at text[quote] (its name
 * from quote + 1 to member.nameEnd, its value from member.valueStart), or -1 when none does.
 */
function jsonMemberAt(text: string, quote: number): number {
  const length = text.length;
  const nameStart = quote + 1;
  let at = nameStart;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code === 34 || code === 92) break;
    at++;
  }
  const nameEnd = at;
  if (nameEnd === nameStart || nameEnd - nameStart > 80 || at >= length) return -1;
  while (at < length && text.charCodeAt(at) === 92) at++;
  if (at >= length || text.charCodeAt(at) !== 34) return -1;
  at++;
  while (at < length && isSpace(text.charCodeAt(at))) at++;
  if (at >= length || text.charCodeAt(at) !== 58 /* : */) return -1;
  at++;
  while (at < length && isSpace(text.charCodeAt(at))) at++;
  while (at < length && text.charCodeAt(at) === 92) at++;
  if (at >= length || text.charCodeAt(at) !== 34) return -1;
  const valueStart = at + 1;
  // The value: characters but `"` and `\`, or `\` and any character but `"`; it must be followed
  // by `\*"`. Where it stops is a `"`, a `\"`, or the end (then no quote follows: no match).
  at = valueStart;
  for (;;) {
    if (at >= length) return -1;
    const code = text.charCodeAt(at);
    if (code === 34) break;
    if (code === 92) {
      if (at + 1 >= length) return -1;
      if (text.charCodeAt(at + 1) === 34) break;
      at += 2;
      continue;
    }
    at++;
  }
  member.nameEnd = nameEnd;
  member.valueStart = valueStart;
  return at;
}

const AUTHORIZATION_WORD = /authorization/gi;
const SCHEMES = ["token", "digest", "apikey", "key"];

function endsAuthorizationValue(code: number): boolean {
  // [^\s"\\,;]
  return code === 34 || code === 92 || code === 44 || code === 59 || isSpace(code);
}

/**
 * `/\b((?:proxy-)?authorization\\?"?\s*[:=]\s*\\?"?\s*)(?:(Token|Digest|ApiKey|Key)(\s+))?([^\s"\\,;]+)/gi`:
 * each credential replaced by `replace("", value)`. A match with "proxy-" is the same match from
 * "authorization" on (its "-" is a word boundary), and the head is kept as it is: so only
 * "authorization" is looked for.
 */
export function replaceAuthorizationValues(text: string, replace: ValueReplacer): string {
  const length = text.length;
  let rewrite: Rewrite | undefined;
  AUTHORIZATION_WORD.lastIndex = 0;
  while (AUTHORIZATION_WORD.test(text)) {
    const wordEnd = AUTHORIZATION_WORD.lastIndex;
    const start = wordEnd - 13;
    const valueStart = isWordAt(text, start - 1) ? -1 : authorizationValueAt(text, wordEnd);
    if (valueStart === -1) {
      AUTHORIZATION_WORD.lastIndex = start + 1;
      continue;
    }
    let at = valueStart;
    while (at < length && !endsAuthorizationValue(text.charCodeAt(at))) at++;
    const value = text.slice(valueStart, at);
    const replaced = replace("", value);
    if (replaced !== value) (rewrite ??= new Rewrite(text)).replace(valueStart, at, value, replaced);
    AUTHORIZATION_WORD.lastIndex = at;
  }
  return rewrite ? rewrite.result() : text;
}

/** Where the credential after `authorization` (ending at `at`) starts, or -1 when there is none. */
function authorizationValueAt(text: string, at: number): number {
  const length = text.length;
  if (at < length && text.charCodeAt(at) === 92) at++;
  if (at < length && text.charCodeAt(at) === 34) at++;
  while (at < length && isSpace(text.charCodeAt(at))) at++;
  if (at >= length) return -1;
  const sep = text.charCodeAt(at);
  if (sep !== 58 /* : */ && sep !== 61 /* = */) return -1;
  at++;
  while (at < length && isSpace(text.charCodeAt(at))) at++;
  if (at < length && text.charCodeAt(at) === 92) at++;
  if (at < length && text.charCodeAt(at) === 34) at++;
  while (at < length && isSpace(text.charCodeAt(at))) at++;
  // An optional scheme and its spaces, when a credential follows them.
  for (const scheme of SCHEMES) {
    if (!hasWordAt(text, at, scheme)) continue;
    let after = at + scheme.length;
    if (after >= length || !isSpace(text.charCodeAt(after))) break;
    while (after < length && isSpace(text.charCodeAt(after))) after++;
    if (after < length && !endsAuthorizationValue(text.charCodeAt(after))) return after;
    break;
  }
  return at < length && !endsAuthorizationValue(text.charCodeAt(at)) ? at : -1;
}
