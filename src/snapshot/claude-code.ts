// Claude Code's own credentials, in Claude Code's own order: the CLAUDE_CODE_OAUTH_TOKEN variable, then
// on macOS the Keychain item, then the credentials file.
import { execFileSync } from "node:child_process";
import { credentialValueProblem } from "../auth/credential-shape.js";
import { displayPath } from "../paths.js";
import { isObject } from "./views.js";
import { parseJsonc, type ParseProblem } from "./jsonc.js";
import { readRawFile, type RawFile } from "./raw-file.js";

const KEYCHAIN_SERVICE = "Claude Code-credentials";
/** The variable Claude Code reads a `claude setup-token` token from, ahead of anything it stored. */
export const OAUTH_TOKEN_VARIABLE = "CLAUDE_CODE_OAUTH_TOKEN";
/** How every Claude Code OAuth and setup-token value starts. */
const CLAUDE_CODE_TOKEN_START = "sk-ant-oat01-";

export interface ClaudeCodeRaw {
  source: "env" | "keychain" | "file" | "none";
  /** The variable's name, the Keychain item's name or the file's path. */
  location: string;
  text?: string;
  file?: RawFile;
  /** The variable's value (source "env"). */
  token?: string;
}

export interface ClaudeCodeCredential {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: number;
  subscriptionType?: string;
}

export interface ClaudeCodeState {
  source: ClaudeCodeRaw["source"];
  location: string;
  credential?: ClaudeCodeCredential;
  /** Why the credentials that exist could not be used. */
  problem?: string;
  problemAt?: ParseProblem;
}

export function readClaudeCode(
  credentialsPath: string,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): ClaudeCodeRaw {
  const fromEnv = claudeCodeFromEnv(env);
  if (fromEnv) return fromEnv;
  if (platform === "darwin") {
    const text = readKeychain();
    if (text !== undefined) return { source: "keychain", location: `Keychain item "${KEYCHAIN_SERVICE}"`, text };
  }
  const file = readRawFile(credentialsPath);
  if (file.status === "missing") return { source: "none", location: credentialsPath };
  return { source: "file", location: credentialsPath, text: file.text, file };
}

/** The variable, when it is set: Claude Code takes a set-but-empty one for unset, and so do we. */
export function claudeCodeFromEnv(env: NodeJS.ProcessEnv): ClaudeCodeRaw | undefined {
  const token = env[OAUTH_TOKEN_VARIABLE];
  return token ? { source: "env", location: OAUTH_TOKEN_VARIABLE, token } : undefined;
}

function readKeychain(): string | undefined {
  try {
    const out = execFileSync("security", ["find-generic-password", "-s", KEYCHAIN_SERVICE, "-w"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    });
    return out.trim() || undefined;
  } catch {
    return undefined; // no item, no `security`, or the user denied access: fall back to the file
  }
}

export function parseClaudeCode(raw: ClaudeCodeRaw): ClaudeCodeState {
  const base = { source: raw.source, location: raw.location };
  if (raw.source === "none") return base;
  if (raw.source === "env") return parseVariable(raw.token ?? "", base);
  if (raw.text === undefined) return { ...base, problem: raw.file?.error ?? "it could not be read" };
  const { value, problems } = parseJsonc(raw.text);
  if (problems.length)
    return { ...base, problem: `it is not valid JSON: ${problems[0].message}`, problemAt: problems[0] };
  const oauth = isObject(value) ? value.claudeAiOauth : undefined;
  if (!isObject(oauth) || typeof oauth.accessToken !== "string" || oauth.accessToken.trim() === "") {
    return { ...base, problem: "it has no claudeAiOauth.accessToken" };
  }
  return {
    ...base,
    credential: {
      accessToken: oauth.accessToken,
      refreshToken: typeof oauth.refreshToken === "string" && oauth.refreshToken ? oauth.refreshToken : undefined,
      expiresAt: typeof oauth.expiresAt === "number" && Number.isFinite(oauth.expiresAt) ? oauth.expiresAt : undefined,
      subscriptionType: typeof oauth.subscriptionType === "string" ? oauth.subscriptionType : undefined,
    },
  };
}

/**
 * A setup-token: static, and the variable does not say when it was made, so its expiry is unknown.
 * Claude Code uses whatever the variable holds and fails on a bad one, and never looks further: a value
 * that cannot be a token is a problem, never a reason to read the Keychain or the file instead.
 */
function parseVariable(token: string, base: Pick<ClaudeCodeState, "source" | "location">): ClaudeCodeState {
  const problem =
    credentialValueProblem("anthropic", token, "token") ??
    (token.startsWith(CLAUDE_CODE_TOKEN_START)
      ? undefined
      : `is not a Claude Code token, which starts with "${CLAUDE_CODE_TOKEN_START}"`);
  return problem ? { ...base, problem: `it ${problem}` } : { ...base, credential: { accessToken: token } };
}

/** Where Claude Code's credential is, in the user's words: the variable, the Keychain item, or the file (~/…). */
export function claudeCodeSourceLabel(claude: Pick<ClaudeCodeState, "source" | "location">, home: string): string {
  return claude.source === "env" || claude.source === "keychain" ? claude.location : displayPath(claude.location, home);
}
