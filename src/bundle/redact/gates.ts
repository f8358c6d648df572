// Which redaction stages a line can need, found for a batch of lines at once. Each stage of the
// redactor needs some text to be there before it can change a line (a URL's "@", a header's name, a
// secret's name, a key's prefix, a long run of token characters); one native search over the whole
// batch finds the lines that have it, so a line without it skips the stage's regular expressions,
// and the short lines of a log do not pay one call per stage each. A gate is looked for in the
// line as read: what the stages before put into it (`~` for the home, `[REDACTED:kind#N]`) never
// makes a later stage match, so the line as read has every gate that the stage's input has.
import { TOKEN_RUN_MIN } from "./shapes.js";
import { forEachLongRun } from "./token-runs.js";

/** One bit per stage (or group of stages) of Redactor.redactLine. */
export const Gate = {
  home: 1 << 0,
  userinfo: 1 << 1,
  query: 1 << 2,
  bearer: 1 << 3,
  authorization: 1 << 4,
  cookie: 1 << 5,
  fields: 1 << 6,
  providerKey: 1 << 7,
  jwt: 1 << 8,
  tokenRun: 1 << 9,
} as const;

export const EVERY_GATE = (1 << 10) - 1;

/** A gate and the pattern whose presence opens it (a global RegExp). */
export type GateSearch = readonly [gate: number, pattern: RegExp];

/** The gates, each as the pattern whose presence opens it (literal patterns are searched by skipping, as Boyer–Moore does). */
export const GATE_SEARCHES: readonly GateSearch[] = [
  [Gate.userinfo, /:\/\/[^\s/?#@"'<>]{1,512}@/g],
  [Gate.query, /[?&;][A-Za-z0-9_.\-[\]]+=/g],
  [Gate.bearer, /bearer|basic/gi],
  [Gate.authorization, /authorization/gi],
  [Gate.cookie, /cookie/gi],
  // A secret name's last word (isSecretName, ASSIGNMENT) and what follows a name: a separator, or
  // the quote (escaped or not) that ends a JSON member's name.
  [Gate.fields, /(?:key|token|secret|passwd|password|authorization|cookie|credentials?|access|refresh)[\s=:"\\]/gi],
  // The literal each key shape starts with (src/redact/key-shapes.ts, shapes.ts).
  [Gate.providerKey, /sk-|gh[pousr]_|github_pat_|xox[abprs]-|AKIA|AIza/g],
  [Gate.jwt, /eyJ/g],
];

/**
 * For each line, the gates `searches` find in it (GATE_SEARCHES, and the home's when there is one),
 * and Gate.tokenRun. The lines are searched as one text joined by newlines: no gate's text contains
 * a newline, so none spans two.
 */
export function gatesOf(lines: readonly string[], searches: readonly GateSearch[]): Uint16Array {
  const gates = new Uint16Array(lines.length);
  if (lines.length === 0) return gates;
  const starts = new Int32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) starts[i + 1] = starts[i] + lines[i].length + 1;
  const text = lines.join("\n");
  const lineOf = lineFinder(starts);
  for (const [gate, pattern] of searches) {
    // Each hit marks its line, and the search goes on at the next line: a line is looked at once.
    pattern.lastIndex = 0;
    while (pattern.test(text)) {
      const line = lineOf(pattern.lastIndex - 1);
      gates[line] |= gate;
      if (line + 1 === lines.length) break;
      pattern.lastIndex = starts[line + 1];
    }
  }
  forEachLongRun(text, TOKEN_RUN_MIN, (start) => (gates[lineOf(start)] |= Gate.tokenRun));
  return gates;
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
