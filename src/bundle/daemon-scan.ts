// The gateway daemon's own environment, read from its unit file or plist (read only): the names for
// daemon.json and env.json, the values only so that redaction knows them as secrets.
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { parseDotenv } from "../snapshot/dotenv.js";
import { readRawFile, type RawFileStatus } from "../snapshot/raw-file.js";

export interface EnvEntry {
  name: string;
  value: string;
}

export interface DaemonFile {
  kind: "systemd" | "launchd";
  path: string;
  status: RawFileStatus;
  mode?: number;
  /** `Environment=` assignments, or the plist's EnvironmentVariables. */
  env: EnvEntry[];
  /** systemd `EnvironmentFile=` files, with the variables they set. */
  environmentFiles: { path: string; optional: boolean; status: RawFileStatus; env: EnvEntry[] }[];
  /** `ExecStart=`, or the plist's ProgramArguments. */
  command: string[];
}

export function scanDaemonFiles(paths: StatePaths): DaemonFile[] {
  return [scanUnit(paths.systemdUnitPath, paths.home), scanPlist(paths.launchdPlistPath)];
}

function scanUnit(file: string, home: string): DaemonFile {
  const raw = readRawFile(file);
  const base = { kind: "systemd" as const, path: file, status: raw.status, mode: raw.mode };
  if (raw.text === undefined) return { ...base, env: [], environmentFiles: [], command: [] };
  const unit = parseUnit(raw.text);
  const environmentFiles = unit.environmentFiles.map(({ path: envPath, optional }) => {
    const resolved = envPath.replace(/%h/g, home);
    const envFile = readRawFile(path.isAbsolute(resolved) ? resolved : path.join(home, resolved));
    const vars = envFile.text === undefined ? {} : parseDotenv(envFile.text).vars;
    return {
      path: envFile.path,
      optional,
      status: envFile.status,
      env: Object.entries(vars).map(([name, value]) => ({ name, value })),
    };
  });
  return { ...base, env: unit.env, environmentFiles, command: unit.execStart };
}

function scanPlist(file: string): DaemonFile {
  const raw = readRawFile(file);
  const base = { kind: "launchd" as const, path: file, status: raw.status, mode: raw.mode, environmentFiles: [] };
  if (raw.text === undefined) return { ...base, env: [], command: [] };
  const plist = parsePlist(raw.text);
  return { ...base, env: plist.env, command: plist.programArguments };
}

/** `Environment=A=1 "B=two words"`, `EnvironmentFile=-%h/.clawdia/.env`, `ExecStart=…` (continuation lines joined). */
export function parseUnit(text: string): {
  env: EnvEntry[];
  environmentFiles: { path: string; optional: boolean }[];
  execStart: string[];
} {
  const env: EnvEntry[] = [];
  // The same assignment written again adds nothing to what the bundle asks of these (names, and
  // which values are secrets), and a 1 MiB line may repeat one 262,000 times.
  const seen = new Set<string>();
  const environmentFiles: { path: string; optional: boolean }[] = [];
  let execStart: string[] = [];
  for (const line of text.replace(/\\\r?\n/g, " ").split(/\r?\n/)) {
    const match = /^\s*(Environment|EnvironmentFile|ExecStart)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, value] = match;
    if (key === "Environment") {
      for (const word of splitWords(value)) {
        const eq = word.indexOf("=");
        if (eq > 0 && !seen.has(word)) {
          seen.add(word);
          env.push({ name: word.slice(0, eq), value: word.slice(eq + 1) });
        }
      }
    } else if (key === "EnvironmentFile") {
      const trimmed = value.trim();
      if (trimmed) environmentFiles.push({ path: trimmed.replace(/^-/, ""), optional: trimmed.startsWith("-") });
    } else execStart = splitWords(value);
  }
  return { env, environmentFiles, execStart };
}

/** Words as systemd splits them: whitespace-separated, with "double" or 'single' quotes. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] ?? match[3]));
  }
  return words;
}

/** The plist's `EnvironmentVariables` dict and `ProgramArguments` array. */
export function parsePlist(text: string): { env: EnvEntry[]; programArguments: string[] } {
  const env: EnvEntry[] = [];
  const dict = /<key>\s*EnvironmentVariables\s*<\/key>\s*<dict>([\s\S]*?)<\/dict>/.exec(text)?.[1] ?? "";
  const pair = /<key>([\s\S]*?)<\/key>\s*(?:<string>([\s\S]*?)<\/string>|<string\s*\/>)/g;
  for (let match = pair.exec(dict); match; match = pair.exec(dict))
    env.push({ name: decodeXml(match[1].trim()), value: decodeXml(match[2] ?? "") });
  const array = /<key>\s*ProgramArguments\s*<\/key>\s*<array>([\s\S]*?)<\/array>/.exec(text)?.[1] ?? "";
  const programArguments = [...array.matchAll(/<string>([\s\S]*?)<\/string>/g)].map((m) => decodeXml(m[1]));
  return { env, programArguments };
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (entity[0] !== "#") return named[entity.toLowerCase()];
    const code = entity[1].toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return String.fromCodePoint(code);
  });
}
