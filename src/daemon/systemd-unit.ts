// The environment settings of the gateway's systemd user unit (systemd.exec(5)): the unit file and its
// drop-ins, read in order, with every reset and override systemd applies.
import {
  expandSpecifiers,
  extractWords,
  parseUnitFile,
  splitAssignment,
  isEnvName,
  type SpecifierContext,
  type SyntaxProblem,
} from "./systemd-syntax.js";

export const SYSTEMD_UNIT_NAME = "clawdia-gateway.service";

/** Where a value was written: the file and line of its assignment. */
export interface UnitLocation {
  file: string;
  line: number;
}

export interface UnitVariable extends UnitLocation {
  value: string;
}

export interface EnvironmentFileSetting extends UnitLocation {
  /** The path after specifier expansion (may be a glob pattern). */
  path: string;
  /** Written with a leading "-": a missing file is not an error. */
  optional: boolean;
}

export interface ServiceEnvironment {
  /** Environment= after every reset, later assignments winning. */
  environment: Map<string, UnitVariable>;
  environmentFiles: EnvironmentFileSetting[];
  passEnvironment: Map<string, UnitLocation>;
  /** UnsetEnvironment= entries: a name, or an exact NAME=value. */
  unsetEnvironment: { entry: string; file: string; line: number }[];
  /** Every ExecStart= command line, as argv. */
  execStart: { argv: string[]; file: string; line: number }[];
  /** Every Environment= assignment ever written, even one a later assignment or a reset hides. */
  written: (UnitVariable & { key: string })[];
  problems: SyntaxProblem[];
}

const MAX_PROBLEMS_PER_LINE = 5;

export interface UnitFileText {
  path: string;
  text: string;
}

/** Parses the unit and then each drop-in (already in lexical order) into the [Service] environment. */
export function parseServiceEnvironment(files: UnitFileText[], specifiers: SpecifierContext): ServiceEnvironment {
  const result: ServiceEnvironment = {
    environment: new Map(),
    environmentFiles: [],
    passEnvironment: new Map(),
    unsetEnvironment: [],
    execStart: [],
    written: [],
    problems: [],
  };
  for (const file of files) {
    const parsed = parseUnitFile(file.text, file.path);
    result.problems.push(...parsed.problems);
    for (const assignment of parsed.assignments) {
      if (assignment.section !== "Service") continue;
      const at = { file: assignment.file, line: assignment.line };
      // A hostile line can hold hundreds of thousands of bad words: the first few say what is wrong.
      let count = 0;
      const problem = (message: string) => {
        if (++count <= MAX_PROBLEMS_PER_LINE) result.problems.push({ ...at, message });
      };
      switch (assignment.key) {
        case "Environment":
          applyEnvironment(result, assignment.value, at, specifiers, problem);
          break;
        case "EnvironmentFile":
          applyEnvironmentFile(result, assignment.value, at, specifiers, problem);
          break;
        case "PassEnvironment":
          applyPassEnvironment(result, assignment.value, at, problem);
          break;
        case "UnsetEnvironment":
          applyUnsetEnvironment(result, assignment.value, at, specifiers, problem);
          break;
        case "ExecStart":
          applyExecStart(result, assignment.value, at, specifiers);
          break;
      }
      if (count > MAX_PROBLEMS_PER_LINE)
        result.problems.push({
          ...at,
          message: `${assignment.key}=: ${(count - MAX_PROBLEMS_PER_LINE).toLocaleString("en-US")} more problems like these on this line`,
        });
    }
  }
  return result;
}

function applyEnvironment(
  result: ServiceEnvironment,
  value: string,
  at: UnitLocation,
  specifiers: SpecifierContext,
  problem: (m: string) => void,
): void {
  if (value === "") {
    result.environment.clear(); // an empty assignment resets the list
    return;
  }
  const extracted = extractWords(value, { unquote: true, cunescape: true });
  // An assignment repeated on one line is written down once: the copies are the same entry (name,
  // value, file and line), and a 1 MiB line can hold 262,000 of them.
  const written = new Set<string>();
  for (const word of extracted.words) {
    const expanded = expandSpecifiers(word, specifiers);
    if (!expanded.ok) {
      problem(`Environment=: ${expanded.error}; systemd ignores that assignment`);
      continue;
    }
    const assignment = splitAssignment(expanded.value);
    if (!assignment) {
      problem(`Environment=: "${shorten(expanded.value)}" is not a valid NAME=value assignment; systemd ignores it`);
      continue;
    }
    result.environment.set(assignment.key, { value: assignment.value, ...at });
    if (written.has(expanded.value)) continue;
    written.add(expanded.value);
    result.written.push({ key: assignment.key, value: assignment.value, ...at });
  }
  if (!extracted.ok) problem(`Environment=: ${extracted.error}; systemd ignores the rest of the line`);
}

function applyEnvironmentFile(
  result: ServiceEnvironment,
  value: string,
  at: UnitLocation,
  specifiers: SpecifierContext,
  problem: (m: string) => void,
): void {
  if (value === "") {
    result.environmentFiles = [];
    return;
  }
  const expanded = expandSpecifiers(value, specifiers);
  if (!expanded.ok) {
    problem(`EnvironmentFile=: ${expanded.error}; systemd ignores the line`);
    return;
  }
  const optional = expanded.value.startsWith("-");
  const path = optional ? expanded.value.slice(1) : expanded.value;
  if (!path.startsWith("/")) {
    problem(`EnvironmentFile=${shorten(path)} is not an absolute path; systemd ignores the line`);
    return;
  }
  result.environmentFiles.push({ path: simplifyPath(path), optional, ...at });
}

function applyPassEnvironment(
  result: ServiceEnvironment,
  value: string,
  at: UnitLocation,
  problem: (m: string) => void,
): void {
  if (value === "") {
    result.passEnvironment.clear();
    return;
  }
  const extracted = extractWords(value, { unquote: true, cunescape: false });
  for (const name of extracted.words) {
    if (isEnvName(name)) result.passEnvironment.set(name, at);
    else problem(`PassEnvironment=: "${shorten(name)}" is not a variable name; systemd ignores it`);
  }
  if (!extracted.ok) problem(`PassEnvironment=: ${extracted.error}; systemd ignores the rest of the line`);
}

function applyUnsetEnvironment(
  result: ServiceEnvironment,
  value: string,
  at: UnitLocation,
  specifiers: SpecifierContext,
  problem: (m: string) => void,
): void {
  if (value === "") {
    result.unsetEnvironment = [];
    return;
  }
  const extracted = extractWords(value, { unquote: true, cunescape: true });
  for (const word of extracted.words) {
    const expanded = expandSpecifiers(word, specifiers);
    if (!expanded.ok) problem(`UnsetEnvironment=: ${expanded.error}; systemd ignores that entry`);
    else if (isEnvName(expanded.value) || splitAssignment(expanded.value))
      result.unsetEnvironment.push({ entry: expanded.value, ...at });
    else
      problem(`UnsetEnvironment=: "${shorten(expanded.value)}" is neither a name nor a NAME=value; systemd ignores it`);
  }
  if (!extracted.ok) problem(`UnsetEnvironment=: ${extracted.error}; systemd ignores the rest of the line`);
}

function applyExecStart(
  result: ServiceEnvironment,
  value: string,
  at: UnitLocation,
  specifiers: SpecifierContext,
): void {
  if (value === "") {
    result.execStart = [];
    return;
  }
  // Prefixes such as "-", "@", "+", "!", ":" change how the command runs, not its arguments.
  const command = value.replace(/^[-@:+!|]+/, "");
  const extracted = extractWords(command, { unquote: true, cunescape: true });
  const argv = extracted.words.map((word) => {
    const expanded = expandSpecifiers(word, specifiers);
    return expanded.ok ? expanded.value : word;
  });
  if (argv.length) result.execStart.push({ argv, ...at });
}

/** Removes "//" and "/./" the way path_simplify does, so equal paths compare equal. */
function simplifyPath(path: string): string {
  return (
    path
      .replace(/\/+/g, "/")
      .replace(/\/(\.\/)+/g, "/")
      .replace(/\/\.$/, "") || "/"
  );
}

function shorten(text: string): string {
  return text.length > 60 ? text.slice(0, 57) + "…" : text;
}

export interface ProcessVariable extends UnitLocation {
  key: string;
  /** Undefined when systemd passes the variable from its own manager environment, unknown to doctor. */
  value?: string;
  via: "Environment" | "EnvironmentFile" | "PassEnvironment";
}

export interface LoadedEnvironmentFile {
  setting: EnvironmentFileSetting;
  /** The file read (a glob pattern names several). */
  path: string;
  entries: { key: string; value: string; line: number }[];
}

/**
 * The environment systemd gives the process from these settings (execute.c): PassEnvironment=, then
 * Environment=, then the EnvironmentFile= files in order, each overriding what came before; then
 * UnsetEnvironment= removes names and exact NAME=value pairs.
 */
export function serviceProcessEnvironment(
  service: ServiceEnvironment,
  files: LoadedEnvironmentFile[],
): Map<string, ProcessVariable> {
  const env = new Map<string, ProcessVariable>();
  for (const [key, at] of service.passEnvironment) env.set(key, { key, via: "PassEnvironment", ...at });
  for (const [key, variable] of service.environment)
    env.set(key, { key, value: variable.value, via: "Environment", file: variable.file, line: variable.line });
  for (const file of files) {
    for (const entry of file.entries)
      env.set(entry.key, {
        key: entry.key,
        value: entry.value,
        via: "EnvironmentFile",
        file: file.path,
        line: entry.line,
      });
  }
  for (const { entry } of service.unsetEnvironment) {
    const assignment = splitAssignment(entry);
    if (!assignment) env.delete(entry);
    else if (env.get(assignment.key)?.value === assignment.value) env.delete(assignment.key);
  }
  return env;
}
