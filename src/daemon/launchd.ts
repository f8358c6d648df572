// The gateway's launchd agent (launchd.plist(5)): the environment and arguments it starts with.
import { isObject } from "../snapshot/views.js";
import type { PlistParser } from "./plist-parser.js";

export const LAUNCHD_LABEL = "ai.clawdia.gateway";

/** Far past any launchd agent; the same bound as for JSON files (src/snapshot/jsonc.ts). */
const MAX_PLIST_NESTING = 1024;

export interface LaunchdVariable {
  key: string;
  value: string;
  /** The line of its <key> in an XML plist (a position for reports), when it can be told. */
  line?: number;
}

export interface LaunchdAgent {
  environment: Map<string, LaunchdVariable>;
  programArguments: string[];
  /** Why the plist, or a part of it, could not be used; empty when all is well. */
  problems: { message: string; line?: number }[];
}

/**
 * Reads what launchd will use from the plist's text (XML) or bytes (binary). Called once per read of
 * the state (readDaemon), so every view of it (the environment, the masker) shares the result.
 */
export function parseLaunchdAgent(input: { text?: string; bytes?: Uint8Array }, parsePlist: PlistParser): LaunchdAgent {
  const agent: LaunchdAgent = { environment: new Map(), programArguments: [], problems: [] };
  const source = input.bytes ?? input.text;
  if (source === undefined) return agent;
  // The XML parser takes seconds on a few thousand levels and overflows the stack past that.
  const tooDeep = input.bytes ? undefined : lineOfDepth(input.text!, MAX_PLIST_NESTING);
  if (tooDeep !== undefined) {
    agent.problems.push({
      message: `it nests <dict> and <array> deeper than ${MAX_PLIST_NESTING} levels (line ${tooDeep}); doctor does not read a plist this deep (a launchd agent's is a few levels)`,
      line: tooDeep,
    });
    return agent;
  }
  const parsed = parsePlist(source);
  if (!parsed.ok) {
    agent.problems.push({ message: `it is not a valid plist: ${parsed.error}; launchd will not load it` });
    return agent;
  }
  if (!isObject(parsed.value)) {
    agent.problems.push({ message: "its top level is not a dictionary; launchd will not load it" });
    return agent;
  }
  const text = input.bytes ? undefined : input.text;
  const lines = keyLines(text);
  const keyLine = (key: string) => lines.get(escapeXml(key));
  const variables = parsed.value.EnvironmentVariables;
  if (variables !== undefined && !isObject(variables))
    agent.problems.push({ message: "EnvironmentVariables is not a dictionary; launchd ignores it" });
  for (const [key, value] of Object.entries(isObject(variables) ? variables : {})) {
    if (typeof value !== "string") {
      agent.problems.push({
        message: `EnvironmentVariables.${key} is not a string; launchd ignores it`,
        line: keyLine(key),
      });
      continue;
    }
    agent.environment.set(key, { key, value, line: keyLine(key) });
  }
  const args = parsed.value.ProgramArguments;
  if (Array.isArray(args)) agent.programArguments = args.filter((arg): arg is string => typeof arg === "string");
  else if (typeof parsed.value.Program === "string") agent.programArguments = [parsed.value.Program];
  return agent;
}

/**
 * The line of each `<key>NAME</key>` from the EnvironmentVariables dictionary of an XML plist on (the
 * first one of each name), by NAME as written. One pass: finding each key's line on its own was
 * quadratic in a plist of thousands of variables.
 */
function keyLines(text: string | undefined): Map<string, number> {
  const lines = new Map<string, number>();
  if (!text) return lines;
  const start = text.indexOf("<key>EnvironmentVariables</key>");
  if (start === -1) return lines;
  const pattern = /<key>([^<]*)<\/key>/g;
  pattern.lastIndex = start;
  let line = countNewlines(text, 0, start) + 1;
  let counted = start;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    line += countNewlines(text, counted, match.index);
    counted = match.index;
    if (!lines.has(match[1])) lines.set(match[1], line);
  }
  return lines;
}

/** The line where <dict>/<array> elements first nest deeper than `limit`, or undefined. */
function lineOfDepth(text: string, limit: number): number | undefined {
  let depth = 0;
  for (const match of text.matchAll(/<(\/?)(?:dict|array)\b[^>]*?(\/?)>/g)) {
    if (match[2]) continue; // <dict/>
    depth += match[1] ? -1 : 1;
    if (depth > limit) return countNewlines(text, 0, match.index) + 1;
  }
  return undefined;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
