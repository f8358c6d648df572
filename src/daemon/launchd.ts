// The gateway's launchd agent (launchd.plist(5)): the environment and arguments it starts with.
import { isObject } from "../snapshot/views.js";
import { parsePlist } from "./plist-parser.js";

export const LAUNCHD_LABEL = "ai.clawdia.gateway";

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

/** Reads what launchd will use from the plist's text (XML) or bytes (binary). */
export function parseLaunchdAgent(input: { text?: string; bytes?: Uint8Array }): LaunchdAgent {
  const agent: LaunchdAgent = { environment: new Map(), programArguments: [], problems: [] };
  const source = input.bytes ?? input.text;
  if (source === undefined) return agent;
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
  const variables = parsed.value.EnvironmentVariables;
  if (variables !== undefined && !isObject(variables)) agent.problems.push({ message: "EnvironmentVariables is not a dictionary; launchd ignores it" });
  for (const [key, value] of Object.entries(isObject(variables) ? variables : {})) {
    if (typeof value !== "string") {
      agent.problems.push({ message: `EnvironmentVariables.${key} is not a string; launchd ignores it`, line: keyLine(text, key) });
      continue;
    }
    agent.environment.set(key, { key, value, line: keyLine(text, key) });
  }
  const args = parsed.value.ProgramArguments;
  if (Array.isArray(args)) agent.programArguments = args.filter((arg): arg is string => typeof arg === "string");
  else if (typeof parsed.value.Program === "string") agent.programArguments = [parsed.value.Program];
  return agent;
}

/** The line of `<key>NAME</key>` inside the EnvironmentVariables dictionary of an XML plist. */
function keyLine(text: string | undefined, key: string): number | undefined {
  if (!text) return undefined;
  const start = text.indexOf("<key>EnvironmentVariables</key>");
  if (start === -1) return undefined;
  const at = text.indexOf(`<key>${escapeXml(key)}</key>`, start);
  return at === -1 ? undefined : text.slice(0, at).split("\n").length;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
