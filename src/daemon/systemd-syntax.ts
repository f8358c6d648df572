// systemd's unit file syntax, exactly as systemd reads it (systemd.syntax(7), src/shared/conf-parser.c,
// src/basic/extract-word.c): sections, comments, line continuations, quoting and C escapes, specifiers.

export interface UnitAssignment {
  section: string;
  key: string;
  /** The value with surrounding whitespace removed; continuations already joined. */
  value: string;
  file: string;
  /** The line the assignment starts on (1-based). */
  line: number;
}

export interface SyntaxProblem {
  file: string;
  line: number;
  message: string;
  /** "error": systemd refuses the whole unit; otherwise it ignores the line or part of it (a warning). */
  severity?: "error";
}

export interface UnitFileParse {
  assignments: UnitAssignment[];
  problems: SyntaxProblem[];
}

const WHITESPACE = " \t\n\r";

/** systemd's LONG_LINE_MAX: a longer line (or continued line) makes config_parse fail, and the unit is not loaded. */
const LONG_LINE_MAX = 1024 * 1024;
const COMMENTS = "#;";

/**
 * Reads a unit file into assignments. Lines starting (after whitespace) with # or ; are comments, even
 * inside a continuation; a line ending in an odd number of backslashes continues on the next one, the
 * backslash becoming a space. A line of LONG_LINE_MAX bytes or more, or a continued line longer than
 * that, stops the parse with an error, as systemd stops there and refuses the unit.
 */
export function parseUnitFile(text: string, file: string): UnitFileParse {
  const assignments: UnitAssignment[] = [];
  const problems: SyntaxProblem[] = [];
  let section = "";
  // The pieces of a continued line, joined once when it ends: joining as it grows, and scanning the
  // whole joined text for a final backslash on every line, made a long continuation quadratic.
  let continuation: { parts: string[]; bytes: number; line: number } | undefined;
  const finish = (joined: string, startLine: number) => {
    const line = joined.trim();
    if (line === "") return;
    if (line.startsWith("[")) {
      if (!line.endsWith("]"))
        problems.push({ file, line: startLine, message: `invalid section header "${shorten(line)}"` });
      else section = line.slice(1, -1);
      return;
    }
    const equals = line.indexOf("=");
    if (equals === -1) {
      problems.push({ file, line: startLine, message: "missing '=', systemd ignores the line" });
      return;
    }
    assignments.push({
      section,
      key: line.slice(0, equals).trim(),
      value: line.slice(equals + 1).trim(),
      file,
      line: startLine,
    });
  };
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index];
    const physical = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const bytes = Buffer.byteLength(physical);
    if (bytes >= LONG_LINE_MAX) {
      problems.push(
        tooLong(
          file,
          index + 1,
          `line ${index + 1} is ${bytesText(bytes)} long, and systemd reads lines of under 1 MiB only ("Line too long")`,
        ),
      );
      return { assignments, problems };
    }
    const first = firstNonBlank(physical);
    if (first !== undefined && COMMENTS.includes(first)) continue;
    const startLine = continuation?.line ?? index + 1;
    if (continuation && continuation.bytes + bytes > LONG_LINE_MAX) {
      problems.push(
        tooLong(
          file,
          startLine,
          `the line continued from line ${startLine} to line ${index + 1} is over systemd's 1 MiB limit ("Continuation line too long")`,
        ),
      );
      return { assignments, problems };
    }
    // Only this line's trailing backslashes matter: a continued part ends in the space that replaced its own.
    if (endsInEscape(physical)) {
      continuation ??= { parts: [], bytes: 0, line: startLine };
      continuation.parts.push(physical.slice(0, -1), " ");
      continuation.bytes += bytes;
      continue;
    }
    const joined = continuation ? continuation.parts.join("") + physical : physical;
    continuation = undefined;
    finish(joined, startLine);
  }
  if (continuation) {
    const line = continuation.parts.join("").trim();
    const equals = line.indexOf("=");
    if (equals !== -1)
      assignments.push({
        section,
        key: line.slice(0, equals).trim(),
        value: line.slice(equals + 1).trim(),
        file,
        line: continuation.line,
      });
  }
  return { assignments, problems };
}

function tooLong(file: string, line: number, what: string): SyntaxProblem {
  return {
    file,
    line,
    severity: "error",
    message: `${what}: systemd refuses to load the unit, so the gateway does not start under it (doctor reads no further)`,
  };
}

function bytesText(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} bytes`;
}

function firstNonBlank(line: string): string | undefined {
  let i = 0;
  while (i < line.length && WHITESPACE.includes(line[i])) i++;
  return line[i];
}

/** Whether the line ends in a backslash that is not itself escaped: an odd run of them at its end. */
function endsInEscape(line: string): boolean {
  let run = 0;
  while (run < line.length && line[line.length - 1 - run] === "\\") run++;
  return run % 2 === 1;
}

function shorten(text: string): string {
  return text.length > 60 ? text.slice(0, 57) + "…" : text;
}

export interface ExtractOptions {
  /** Remove quotes (EXTRACT_UNQUOTE). */
  unquote: boolean;
  /** Decode C escapes such as \n, \x41, \u00e9 (EXTRACT_CUNESCAPE). */
  cunescape: boolean;
}

export type ExtractResult = { ok: true; words: string[] } | { ok: false; words: string[]; error: string };

/**
 * Splits a value into words the way extract_first_word does: whitespace separates words, quotes may
 * open anywhere in a word and are removed, backslash escapes are decoded. On a syntax error (an
 * unbalanced quote, an unknown escape, a trailing backslash) the words before it are returned with
 * the error: systemd keeps those and ignores the rest of the line.
 */
export function extractWords(value: string, options: ExtractOptions): ExtractResult {
  const words: string[] = [];
  let i = 0;
  const n = value.length;
  for (;;) {
    while (i < n && WHITESPACE.includes(value[i])) i++;
    if (i >= n) return { ok: true, words };
    let word = "";
    let quote: string | undefined;
    for (;;) {
      if (i >= n) {
        if (quote) return { ok: false, words, error: "unbalanced quoting" };
        break;
      }
      const c = value[i];
      if (c === "\\") {
        if (i + 1 >= n) return { ok: false, words, error: "trailing backslash" };
        if (options.cunescape) {
          const decoded = cunescapeOne(value, i + 1);
          if (!decoded) return { ok: false, words, error: `unknown escape sequence "\\${value[i + 1]}"` };
          word += decoded.text;
          i += 1 + decoded.length;
        } else {
          word += value[i + 1];
          i += 2;
        }
        continue;
      }
      if (quote) {
        if (c === quote) {
          quote = undefined;
          i++;
        } else {
          // The run up to the closing quote or the next escape, in one piece.
          const end = nextOf(value, i, (ch) => ch === quote || ch === "\\");
          word += value.slice(i, end);
          i = end;
        }
        continue;
      }
      if (options.unquote && (c === "'" || c === '"')) {
        quote = c;
        i++;
        continue;
      }
      if (WHITESPACE.includes(c)) break;
      const end = nextOf(
        value,
        i,
        (ch) => ch === "\\" || WHITESPACE.includes(ch) || (options.unquote && (ch === "'" || ch === '"')),
      );
      word += value.slice(i, end);
      i = end;
    }
    words.push(word);
  }
}

/** The index of the first character from `from` on that `stops` (or the end). */
function nextOf(text: string, from: number, stops: (char: string) => boolean): number {
  let i = from;
  while (i < text.length && !stops(text[i])) i++;
  return i;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
  s: " ",
};

/** Decodes one C escape (src/basic/escape.c cunescape_one) starting after the backslash. */
function cunescapeOne(text: string, at: number): { text: string; length: number } | undefined {
  const c = text[at];
  if (c in SIMPLE_ESCAPES) return { text: SIMPLE_ESCAPES[c], length: 1 };
  const hex = (digits: number) => {
    const part = text.slice(at + 1, at + 1 + digits);
    if (part.length !== digits || !/^[0-9a-fA-F]+$/.test(part)) return undefined;
    const code = parseInt(part, 16);
    if (code === 0 || code > 0x10ffff) return undefined; // NUL is refused
    return { text: String.fromCodePoint(code), length: 1 + digits };
  };
  if (c === "x") return hex(2);
  if (c === "u") return hex(4);
  if (c === "U") return hex(8);
  if (c >= "0" && c <= "7") {
    const part = text.slice(at, at + 3);
    if (!/^[0-7]{3}$/.test(part)) return undefined;
    const code = parseInt(part, 8);
    if (code === 0 || code > 0o377) return undefined;
    return { text: String.fromCharCode(code), length: 3 };
  }
  return undefined;
}

/** What the specifiers of a user unit expand to (systemd.unit(5) "Specifiers"). */
export interface SpecifierContext {
  home: string;
  user: string;
  uid: number;
  unitName: string;
  /** $XDG_CONFIG_HOME, $XDG_STATE_HOME, $XDG_CACHE_HOME, $XDG_DATA_HOME, $XDG_RUNTIME_DIR when set. */
  xdg: { config?: string; state?: string; cache?: string; data?: string; runtime?: string };
  /** The systemd whose rules apply (systemd-version.ts); undefined: the newest. */
  version?: number;
  hostname: string;
  /** The user's login shell (%s). */
  shell: string;
  tmpDir?: string;
}

/** Specifiers systemd knows but doctor cannot resolve without asking the machine (boot id, machine id…). */
const UNRESOLVED_SPECIFIERS = new Set("aAbBdgGlmMoqvwWyY".split(""));

/** The version each specifier first appeared in, for those newer than v236 (systemd's NEWS). */
const SPECIFIER_SINCE: Record<string, number> = {
  D: 256,
  y: 251,
  Y: 251,
  q: 251,
  d: 251,
  M: 249,
  A: 249,
  a: 246,
  o: 246,
  w: 246,
  B: 246,
  W: 246,
  l: 246,
  g: 240,
  G: 240,
  j: 239,
  J: 239,
  T: 239,
  V: 239,
  E: 239,
};

/** %S and %L name $XDG_STATE_HOME in user units since v254 (before: $XDG_CONFIG_HOME, as StateDirectory= did). */
const STATE_HOME_SPECIFIERS_SINCE = 254;

export type SpecifierResult = { ok: true; value: string } | { ok: false; error: string };

export function expandSpecifiers(text: string, context: SpecifierContext): SpecifierResult {
  if (!text.includes("%")) return { ok: true, value: text };
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "%") {
      out += text[i];
      continue;
    }
    const spec = text[++i];
    const since = spec === undefined ? undefined : SPECIFIER_SINCE[spec];
    if (since !== undefined && context.version !== undefined && context.version < since) {
      return {
        ok: false,
        error: `specifier %${spec} is unknown to systemd ${context.version} (it came in systemd ${since})`,
      };
    }
    const value = specifier(spec, context);
    if (value === undefined) {
      const known = spec !== undefined && UNRESOLVED_SPECIFIERS.has(spec);
      return {
        ok: false,
        error: known ? `specifier %${spec} is not resolved by doctor` : `unknown specifier %${spec ?? ""}`,
      };
    }
    out += value;
  }
  return { ok: true, value: out };
}

function specifier(spec: string | undefined, c: SpecifierContext): string | undefined {
  const prefix = c.unitName.replace(/\.[^.]+$/, "");
  const configHome = c.xdg.config ?? `${c.home}/.config`;
  const stateHome =
    c.version !== undefined && c.version < STATE_HOME_SPECIFIERS_SINCE
      ? configHome
      : (c.xdg.state ?? `${c.home}/.local/state`);
  switch (spec) {
    case "%":
      return "%";
    case "h":
      return c.home;
    case "u":
      return c.user;
    case "U":
      return String(c.uid);
    case "n":
      return c.unitName;
    case "N":
      return prefix;
    case "p":
    case "P":
      return prefix.split("@")[0];
    case "i":
    case "I":
      return prefix.includes("@") ? prefix.slice(prefix.indexOf("@") + 1) : "";
    case "j":
    case "J":
      return prefix.split("@")[0].split("-").pop();
    case "f":
      return `/${prefix}`;
    case "E":
      return configHome;
    case "S":
      return stateHome;
    case "L":
      return `${stateHome}/log`;
    case "C":
      return c.xdg.cache ?? `${c.home}/.cache`;
    case "D":
      return c.xdg.data ?? `${c.home}/.local/share`;
    case "t":
      return c.xdg.runtime ?? `/run/user/${c.uid}`;
    case "T":
      return c.tmpDir ?? "/tmp";
    case "V":
      return c.tmpDir ?? "/var/tmp";
    case "H":
      return c.hostname;
    case "s":
      return c.shell;
    default:
      return undefined;
  }
}

/** A variable name systemd accepts (env_name_is_valid). */
export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** "KEY=value" with a valid name (env_assignment_is_valid). */
export function splitAssignment(word: string): { key: string; value: string } | undefined {
  const equals = word.indexOf("=");
  if (equals <= 0) return undefined;
  const key = word.slice(0, equals);
  return isEnvName(key) ? { key, value: word.slice(equals + 1) } : undefined;
}
