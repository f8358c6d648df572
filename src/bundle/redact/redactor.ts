// The support bundle's redaction: one Redactor per bundle, so that the same value always becomes the
// same placeholder in every file of it, and support can follow a credential from the config to a log.
import { isSecretName, MIN_SECRET_LENGTH } from "../../secrets.js";
import { SecretMatcher, type SecretMatch } from "../../redact/matcher.js";
import { busyRedaction } from "../../seams.js";
import { EVERY_GATE, Gate, GATE_SEARCHES, gatesOf, gatesOfText, type GateSearch } from "./gates.js";
import { redactLinesOf, type KnownInLine, type LineStages, type SpanSink } from "./line-spans.js";
import { forEachLongRun } from "./token-runs.js";
import { forEachAssignment, replaceUserinfo } from "./anchored.js";
import { replaceEach } from "./replace-each.js";
import { replaceAuthorizationValues, replaceJsonMembers, replaceQueryValues } from "./scanners.js";
import {
  classifySecret,
  isSecretParameter,
  jwtPattern,
  providerKeyPattern,
  randomParts,
  TOKEN_RUN_MIN,
} from "./shapes.js";

/** Why a value was redacted; the manifest counts redactions by these. */
export type RedactionKind =
  | "known-secret"
  | "field-name"
  | "url-credentials"
  | "query-parameter"
  | "authorization-header"
  | "cookie"
  | "provider-key"
  | "jwt"
  | "high-entropy"
  | "home-directory";

const PLACEHOLDER = /^\[REDACTED:[a-z0-9-]+#\d+\]$/;

const COOKIE = /\b((?:set-)?cookie)(\\?"?\s*[:=]\s*\\?"?)([^"\\\n]+)/gi;
const COOKIE_PAIR = /([^=;,\s]+)=([^;,\s]*)/g;
const BEARER = /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/-]+=*)/gi;
const PROVIDER_KEY = providerKeyPattern();
const JWT = jwtPattern();
const DIGIT = /[0-9]/;

/**
 * Values that are never secrets even under a secret name: booleans, small numbers, env var names,
 * fingerprints. The "…" is escaped: the built CLI must be ASCII (scripts/build.mjs says why).
 */
const HARMLESS_VALUE =
  /^(?:true|false|null|undefined|none|\d{1,6}|[A-Z][A-Z0-9]*_[A-Z0-9_]+|[^\u2026\s]{0,16}\u2026[A-Za-z0-9]{0,4}|[Bb]earer|[Bb]asic|[Tt]oken|[Dd]igest)$/;
/** An assignment's value: an optional quote, then up to a space, quote or separator. */
const VALUE = /(['"]?)([^\s'"&,;)}\]]*)/y;

export interface RedactorOptions {
  /** Every secret value found in the loaded state. */
  secrets: Iterable<string>;
  /** The user's home directory: it becomes `~`. */
  home: string;
  /** Runs every stage on every line, gates or not: the reference the gates are tested against. */
  everyStage?: boolean;
}

export class Redactor implements LineStages {
  private readonly known: SecretMatcher;
  private readonly placeholders = new Map<string, string>();
  private readonly counts = new Map<RedactionKind, number>();
  private readonly home: RegExp | undefined;
  private readonly homePath: string;
  private readonly homeEncoded: string | undefined;
  /** The gates' searches, with this home's: the texts replaceHome looks for. */
  private readonly gateSearches: readonly GateSearch[];
  private readonly everyStage: boolean;

  constructor({ secrets, home, everyStage = false }: RedactorOptions) {
    this.everyStage = everyStage;
    this.known = new SecretMatcher("logs", secrets, MIN_SECRET_LENGTH);
    // A home of "/" or "" would turn every path into "~": only a real directory is replaced.
    const trimmed = home.replace(/[\\/]+$/, "");
    this.homePath = trimmed;
    this.home =
      trimmed.length > 1 ? new RegExp(`${escapeRegExp(trimmed)}(?=$|[\\\\/\\s"'\`:;,)\\]}>|])`, "g") : undefined;
    this.homeEncoded = trimmed.length > 1 ? encodeURIComponent(trimmed) : undefined;
    this.gateSearches =
      trimmed.length > 1
        ? [...GATE_SEARCHES, [Gate.home, new RegExp([trimmed, this.homeEncoded!].map(escapeRegExp).join("|"), "g")]]
        : GATE_SEARCHES;
  }

  /** The placeholder of a value: the same value, the same placeholder, for the whole bundle. */
  placeholderFor(value: string): string {
    let placeholder = this.placeholders.get(value);
    if (!placeholder) {
      placeholder = `[REDACTED:${classifySecret(value)}#${this.placeholders.size + 1}]`;
      this.placeholders.set(value, placeholder);
    }
    return placeholder;
  }

  /** Redacts a value found under a secret name (a field, a variable), and remembers it when it is long enough. */
  redactValue(value: string, kind: RedactionKind = "field-name", learn = true): string {
    if (value === "" || PLACEHOLDER.test(value)) return value;
    this.count(kind);
    if (learn && value.length >= MIN_SECRET_LENGTH) this.known.add(value);
    return this.placeholderFor(value);
  }

  /** Redacts text of any kind, one line at a time. */
  redactText(text: string): string {
    busyRedaction();
    const lines = text.split("\n");
    this.redactLines(lines);
    return lines.join("\n");
  }

  /** Redacts lines in place, in order: a secret learned in one line is redacted in every later one. */
  redactLines(lines: string[]): void {
    const gates = this.everyStage ? new Uint16Array(lines.length).fill(EVERY_GATE) : gatesOf(lines, this.gateSearches);
    for (let i = 0; i < lines.length; i++) lines[i] = this.redactGated(lines[i], gates[i]);
  }

  redactLine(line: string): string {
    const lines = [line];
    this.redactLines(lines);
    return lines[0];
  }

  /**
   * Redacts the lines of `text` (newline-separated) into `sink` as redactLines would, handing back
   * what no stage changes as spans of `text` (line-spans.ts); returns how many lines there were.
   */
  redactLinesOf(text: string, sink: SpanSink): number {
    return redactLinesOf(this, text, sink);
  }

  /** For line-spans.ts. */
  gatesOfText(text: string, starts: Int32Array): Uint16Array {
    return this.everyStage
      ? new Uint16Array(starts.length - 1).fill(EVERY_GATE)
      : gatesOfText(text, starts, this.gateSearches);
  }

  /** For line-spans.ts. */
  findKnown(text: string): SecretMatch[] {
    return this.known.find(text);
  }

  /** For line-spans.ts. */
  knownCount(): number {
    return this.known.size;
  }

  /**
   * The stages in their order; each runs only where its gate (src/bundle/redact/gates.ts) is open.
   * `known`: the line's matches of the known secrets, found in a text it is part of (line-spans.ts).
   */
  redactGated(line: string, gates: number, known?: KnownInLine): string {
    let out = gates & Gate.home ? this.replaceHome(line) : line;
    out = known ? this.replaceKnown(out, known) : this.known.replaceIn(out, this.knownPlaceholder);
    if (gates & (Gate.userinfo | Gate.query)) out = this.redactUrls(out, gates);
    if (gates & (Gate.bearer | Gate.authorization | Gate.cookie)) out = this.redactHeaders(out, gates);
    if (gates & (Gate.jsonField | Gate.assignment)) out = this.redactFields(out, gates);
    if (gates & (Gate.providerKey | Gate.jwt | Gate.tokenRun)) out = this.redactShapes(out, gates);
    return out;
  }

  /** How many values were redacted, by kind (home directories included). */
  summary(): { total: number; byKind: Record<string, number>; distinctValues: number } {
    const byKind = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.counts.entries()]
      .filter(([kind]) => kind !== "home-directory")
      .reduce((sum, [, n]) => sum + n, 0);
    return { total, byKind, distinctValues: this.placeholders.size };
  }

  private count(kind: RedactionKind, n = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }

  /** A value found by its context: redacted, and from now on matched exactly everywhere. */
  private found(value: string, kind: RedactionKind): string {
    // A placeholder has "[REDACTED:" in it: one search says both.
    if (value === "" || value.includes("[REDACTED:")) return value;
    if (HARMLESS_VALUE.test(value)) return value;
    return this.redactValue(value, kind);
  }

  // The stages' replacers (scanners.ts): the value itself leaves the match as it is.
  private readonly queryValue = (name: string, value: string): string =>
    isSecretParameter(name) ? this.found(value, "query-parameter") : value;

  private readonly headerValue = (_name: string, value: string): string => this.found(value, "authorization-header");

  private readonly fieldValue = (name: string, value: string): string =>
    isSecretName(name) ? this.found(value, "field-name") : value;

  private readonly knownPlaceholder = (secret: string): string => (
    this.count("known-secret"),
    this.placeholderFor(secret)
  );

  /** SecretMatcher.replaceIn with matches found before. */
  private replaceKnown(line: string, { matches, from, to, offset }: KnownInLine): string {
    if (from === to) return line;
    let out = "";
    let copied = 0;
    for (let i = from; i < to; i++) {
      const match = matches[i];
      out += line.slice(copied, match.start - offset) + this.knownPlaceholder(match.secret);
      copied = match.end - offset;
    }
    return out + line.slice(copied);
  }

  private replaceHome(line: string): string {
    if (!this.home || (!line.includes(this.homePath) && !line.includes(this.homeEncoded!))) return line;
    let out = line.replace(this.home, () => (this.count("home-directory"), "~"));
    if (this.homeEncoded && out.includes(this.homeEncoded)) {
      this.count("home-directory");
      out = out.split(this.homeEncoded).join("~");
    }
    return out;
  }

  /** `scheme://user:password@host` and `?token=…&api_key=…`. */
  private redactUrls(line: string, gates: number): string {
    let out = !(gates & Gate.userinfo)
      ? line
      : replaceUserinfo(line, ([, scheme, userinfo]) => {
          const colon = userinfo.indexOf(":");
          if (colon > 0) this.learn(userinfo.slice(colon + 1));
          return `${scheme}${this.found(userinfo, "url-credentials")}@`;
        });
    return gates & Gate.query ? replaceQueryValues(out, this.queryValue) : out;
  }

  /** `Authorization: Bearer …`, `Basic …`, `Token …`, bare `Bearer …`, `Cookie: a=b; c=d`. */
  private redactHeaders(line: string, gates: number): string {
    let out = line;
    if (gates & Gate.bearer) {
      out = replaceEach(out, BEARER, ([match, scheme, space, value]) => {
        // "bearer tokens" in prose is no credential; a credential is long, or not a plain word.
        if (value.length < 8 || value.startsWith("-") || (value.length < 16 && !/[0-9A-Z]/.test(value))) return match;
        return `${scheme}${space}${this.found(value, "authorization-header")}`;
      });
    }
    if (gates & Gate.authorization) out = replaceAuthorizationValues(out, this.headerValue);
    if (gates & Gate.cookie) {
      out = replaceEach(out, COOKIE, ([, name, sep, value]) => {
        const pairs = replaceEach(value, COOKIE_PAIR, ([pair, key, v]) =>
          v ? `${key}=${this.found(v, "cookie")}` : pair,
        );
        return `${name}${sep}${pairs}`;
      });
    }
    return out;
  }

  /** `"token": "…"` (also inside escaped JSON), `api_key=…`, `password: …`, `--token …`. */
  private redactFields(line: string, gates: number): string {
    const out = !(gates & Gate.jsonField) || !line.includes('"') ? line : replaceJsonMembers(line, this.fieldValue);
    return gates & Gate.assignment ? this.redactAssignments(out) : out;
  }

  /**
   * `name=value`, `name: value`, `--name value`. Only the name and separator are consumed when the
   * name is not a secret's, so `Environment=ANTHROPIC_API_KEY=…` still reaches the inner assignment.
   */
  private redactAssignments(line: string): string {
    let out = "";
    let copied = 0;
    forEachAssignment(line, (match) => {
      const [whole, dashes, name, sep] = match;
      const valueStart = match.index + whole.length;
      const flagWithSpace = /^\s+$/.test(sep);
      if (!isSecretName(name) || (flagWithSpace && !dashes)) return valueStart;
      VALUE.lastIndex = valueStart;
      const value = VALUE.exec(line);
      if (!value || value[2] === "") return valueStart;
      // `--token VALUE`: the next word is a credential only if it looks like one, not like prose.
      if (flagWithSpace && (value[2].length < 8 || !/^[A-Za-z0-9]/.test(value[2]) || /^[a-z]+$/.test(value[2])))
        return valueStart;
      const start = valueStart + value[1].length;
      const replaced = this.found(value[2], "field-name");
      if (replaced === value[2]) return start + value[2].length; // a placeholder already, or harmless
      out += line.slice(copied, start) + replaced;
      copied = start + value[2].length;
      return copied;
    });
    return copied === 0 ? line : out + line.slice(copied);
  }

  /** Provider keys, JWTs, and long random-looking strings. */
  private redactShapes(line: string, gates: number): string {
    let out =
      gates & Gate.providerKey
        ? replaceEach(line, PROVIDER_KEY, ([match]) => this.redactValue(match, "provider-key"))
        : line;
    if (gates & Gate.jwt && out.includes("eyJ"))
      out = replaceEach(out, JWT, ([match]) => this.redactValue(match, "jwt"));
    return gates & Gate.tokenRun ? this.redactRandomRuns(out) : out;
  }

  /** The random-looking parts of every long run of token characters (tokenRunPattern). */
  private redactRandomRuns(line: string): string {
    let out = "";
    let copied = 0;
    forEachLongRun(line, TOKEN_RUN_MIN, (start, end) => {
      const run = line.slice(start, end);
      if (!DIGIT.test(run)) return; // a random part mixes letters and digits (looksRandom)
      const parts = randomParts(run);
      if (parts.length === 0) return;
      let replaced = run;
      for (const part of parts) replaced = replaced.split(part).join(this.redactValue(part, "high-entropy"));
      out += line.slice(copied, start) + replaced;
      copied = end;
    });
    return copied === 0 ? line : out + line.slice(copied);
  }

  private learn(value: string): void {
    if (value.length >= MIN_SECRET_LENGTH && !HARMLESS_VALUE.test(value)) this.known.add(decodeSafely(value));
  }
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
