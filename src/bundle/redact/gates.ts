// Which redaction stages a line can need, found for a batch of lines at once. Each stage of the
// redactor needs some text to be there before it can change a line (a URL's "@", a header's name, a
// secret's name, a key's prefix, a long run of token characters); one native search over the whole
// batch finds the lines that have it, so a line without it skips the stage's regular expressions,
// and the short lines of a log do not pay one call per stage each. A gate is looked for in the
// line as read: what the stages before put into it (`~` for the home, `[REDACTED:kind#N]`) never
// makes a later stage match, so the line as read has every gate that the stage's input has.
import { isSecretParameter, TOKEN_RUN_MIN } from "./shapes.js";
import { forEachLongRun } from "./token-runs.js";
import { charSet, inSet } from "../../redact/char-set.js";
import { isSpace } from "./scanners.js";

/** One bit per stage (or group of stages) of Redactor.redactLine. */
export const Gate = {
  home: 1 << 0,
  userinfo: 1 << 1,
  query: 1 << 2,
  bearer: 1 << 3,
  authorization: 1 << 4,
  cookie: 1 << 5,
  /** A secret's name ending a JSON member's name: `"token":`, `\"token\":`. */
  jsonField: 1 << 6,
  providerKey: 1 << 7,
  jwt: 1 << 8,
  tokenRun: 1 << 9,
  /** A secret's name before an assignment's separator: `token=`, `token: `, `--token `. */
  assignment: 1 << 10,
} as const;

export const EVERY_GATE = (1 << 11) - 1;

/**
 * The gates a pattern's presence opens (a global RegExp); with `opens`, a hit opens only the gates
 * it returns for it (none: the hit is skipped), and the search goes on in the line until the line
 * has every gate of the search. `opens` is given the text and where the hit ends, not the hit:
 * the search makes no match arrays.
 */
export type GateSearch = readonly [gates: number, pattern: RegExp, opens?: (text: string, hitEnd: number) => number];

/** The gates, each as the pattern whose presence opens it (literal patterns are searched by skipping, as Boyer–Moore does). */
export const GATE_SEARCHES: readonly GateSearch[] = [
  // Gate.userinfo and Gate.query are searched by markUserinfo and markQueries.
  [Gate.bearer, /bearer|basic/gi],
  [Gate.authorization, /authorization/gi],
  [Gate.cookie, /cookie/gi],
  // A secret name's last word (isSecretName, ASSIGNMENT) and what follows a name: the quote (escaped
  // or not) that ends a JSON member's name, or a separator. The stage has a part for each, and a
  // line opens only the one it needs (JSON_FIELD's name is followed by `\*"`, ASSIGNMENT's by
  // `\s`, "=" or ":").
  [
    Gate.jsonField | Gate.assignment,
    /(?:key|token|secret|passwd|password|authorization|cookie|credentials?|access|refresh)[\s=:"\\]/gi,
    (text, end) =>
      text.charCodeAt(end - 1) === 34 /* " */ || text.charCodeAt(end - 1) === 92 /* \ */
        ? Gate.jsonField
        : Gate.assignment,
  ],
];

/**
 * Gates opened by a literal (`/sk-|gh[pousr]_|github_pat_|xox[abprs]-|AKIA|AIza/` for the key
 * shapes of src/redact/key-shapes.ts and shapes.ts, `/eyJ/` for a JWT), each searched natively
 * by a part of it whose first character is rare (the native search skips to that character),
 * the rest compared around the hit: `at` is where the part is.
 */
const LITERAL_GATES: readonly (readonly [gate: number, part: string, around: (text: string, at: number) => boolean])[] =
  [
    [Gate.providerKey, "k-", (text, at) => text.charCodeAt(at - 1) === 115 /* s */],
    [
      Gate.providerKey,
      "gh",
      (text, at) => inSet(GH_KINDS, text.charCodeAt(at + 2)) && text.charCodeAt(at + 3) === 95 /* _ */,
    ],
    [Gate.providerKey, "_pat_", (text, at) => at >= 6 && text.startsWith("github", at - 6)],
    [
      Gate.providerKey,
      "ox",
      (text, at) =>
        text.charCodeAt(at - 1) === 120 /* x */ &&
        inSet(XOX_KINDS, text.charCodeAt(at + 2)) &&
        text.charCodeAt(at + 3) === 45 /* - */,
    ],
    [Gate.providerKey, "AKIA", () => true],
    [Gate.providerKey, "AIza", () => true],
    [Gate.jwt, "yJ", (text, at) => text.charCodeAt(at - 1) === 101 /* e */],
  ];
const GH_KINDS = charSet("pousr");
const XOX_KINDS = charSet("abprs");

/**
 * For each line, the gates `searches` find in it (GATE_SEARCHES, and the home's when there is one),
 * and Gate.tokenRun. The lines are searched as one text joined by newlines: no gate's text contains
 * a newline, so none spans two.
 */
export function gatesOf(lines: readonly string[], searches: readonly GateSearch[]): Uint16Array {
  const starts = new Int32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) starts[i + 1] = starts[i] + lines[i].length + 1;
  return gatesOfText(lines.join("\n"), starts, searches);
}

/**
 * gatesOf for lines given as one text: line i is text[starts[i], starts[i + 1] - 1), the last
 * entry of `starts` being text.length + 1 (where the newline after the last line would be).
 */
export function gatesOfText(text: string, starts: Int32Array, searches: readonly GateSearch[]): Uint16Array {
  const count = starts.length - 1;
  const gates = new Uint16Array(count);
  if (count <= 0) return gates;
  const lineOf = lineFinder(starts);
  markUserinfo(text, starts, gates, lineOf);
  markQueries(text, starts, gates, lineOf);
  for (const [gate, part, around] of LITERAL_GATES) {
    for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) {
      if (!around(text, at)) continue;
      const line = lineOf(at);
      gates[line] |= gate;
      if (line + 1 === count) break;
      at = starts[line + 1] - 1;
    }
  }
  for (const [gate, pattern, opens] of searches) {
    // Each hit marks its line, and the search goes on at the next line: a line is looked at once.
    // test() moves lastIndex past the hit as exec() does, without making the hit's array (a slice
    // has a hit in most of its lines).
    pattern.lastIndex = 0;
    while (pattern.test(text)) {
      const line = lineOf(pattern.lastIndex - 1);
      gates[line] |= opens ? opens(text, pattern.lastIndex) : gate;
      if ((gates[line] & gate) !== gate) continue;
      if (line + 1 === count) break;
      pattern.lastIndex = starts[line + 1];
    }
  }
  forEachLongRun(text, TOKEN_RUN_MIN, (start, end) => {
    if (mayHoldRandomPart(text, start, end)) gates[lineOf(start)] |= Gate.tokenRun;
  });
  return gates;
}

/** What ends a URL's userinfo (`[\s/?#@"'<>]`). */
function endsUserinfo(code: number): boolean {
  return (
    code === 47 ||
    code === 63 ||
    code === 35 ||
    code === 64 ||
    code === 34 ||
    code === 39 ||
    code === 60 ||
    code === 62 ||
    isSpace(code)
  );
}

/**
 * Gate.userinfo where `://[^\s/?#@"'<>]{1,512}@` is. Looked for from each "@" (rarer than ":"):
 * the userinfo before it runs back to the first character that ends one, which must then be the
 * last "/" of a "://".
 */
function markUserinfo(text: string, starts: Int32Array, gates: Uint16Array, lineOf: (at: number) => number): void {
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    let from = at - 1;
    while (from >= 0 && at - from <= 512 && !endsUserinfo(text.charCodeAt(from))) from--;
    if (from < 2 || from === at - 1 || text.charCodeAt(from) !== 47 /* / */) continue;
    if (text.charCodeAt(from - 1) !== 47 || text.charCodeAt(from - 2) !== 58 /* : */) continue;
    const line = lineOf(at);
    gates[line] |= Gate.userinfo;
    if (line + 1 === gates.length) break;
    at = starts[line + 1] - 1; // the next line's "@"s
  }
}

const QUERY_STARTS = ["?", "&", ";"];

/**
 * Gate.query where `[?&;][A-Za-z0-9_.\-[\]]+=` is with a name the stage redacts (isSecretParameter):
 * every such `?name=`, not only those the stage's own pattern reaches, since the stage changes
 * nothing else and no earlier stage puts a name there. Each of "?", "&", ";" is searched on its
 * own (each is rare, and a native search skips to it).
 */
function markQueries(text: string, starts: Int32Array, gates: Uint16Array, lineOf: (at: number) => number): void {
  const length = text.length;
  for (const start of QUERY_STARTS) {
    for (let at = text.indexOf(start); at !== -1; at = text.indexOf(start, at + 1)) {
      let equals = at + 1;
      while (equals < length && inSet(PARAMETER_NAME_CHARS, text.charCodeAt(equals))) equals++;
      if (equals === at + 1 || equals >= length || text.charCodeAt(equals) !== 61 /* = */) continue;
      if (!isSecretParameter(text.slice(at + 1, equals))) continue;
      const line = lineOf(at);
      gates[line] |= Gate.query;
      if (line + 1 === gates.length) break;
      at = starts[line + 1] - 1;
    }
  }
}

/**
 * Whether the stage for random-looking runs (Redactor.redactRandomRuns) can change a run that is
 * text[start, end) in the line as read, or any piece of it the earlier stages leave (what they put
 * in, `~` and `[REDACTED:…]`, is no run character, so a run they leave is part of a run read here).
 * It redacts a part only if the part is at least TOKEN_RUN_MIN long with a digit in it (looksRandom),
 * and splits a run at "/" unless the run ends with "=": so a piece either ends with one of the
 * run's "=" (and is at most as long as the run up to it), or its parts are in the run's own parts.
 */
function mayHoldRandomPart(text: string, start: number, end: number): boolean {
  let partStart = start;
  let digitAt = -1;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digitAt = i;
    else if (code === 61 /* = */ && i + 1 - start >= TOKEN_RUN_MIN && digitAt !== -1) return true;
    else if (code === 47 /* / */) {
      if (i - partStart >= TOKEN_RUN_MIN && digitAt >= partStart) return true;
      partStart = i + 1;
    }
  }
  return end - partStart >= TOKEN_RUN_MIN && digitAt >= partStart;
}

/** The line of a position, for positions that only grow. */
function lineFinder(starts: Int32Array): (at: number) => number {
  let line = 0;
  return (at) => {
    if (at < starts[line]) line = 0;
    while (starts[line + 1] <= at) line++;
    return line;
  };
}

const PARAMETER_NAME_CHARS = charSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-[]");
