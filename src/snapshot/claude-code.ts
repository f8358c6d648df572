// Claude Code's own credentials: on macOS the Keychain item first, then the credentials file.
import { execFileSync } from "node:child_process";
import { isObject } from "./views.js";
import { parseJsonc, type ParseProblem } from "./jsonc.js";
import { readRawFile, type RawFile } from "./raw-file.js";

export const KEYCHAIN_SERVICE = "Claude Code-credentials";

export interface ClaudeCodeRaw {
  source: "keychain" | "file" | "none";
  /** The Keychain item name or the file's path. */
  location: string;
  text?: string;
  file?: RawFile;
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

export function readClaudeCode(credentialsPath: string, platform: NodeJS.Platform): ClaudeCodeRaw {
  if (platform === "darwin") {
    const text = readKeychain();
    if (text !== undefined) return { source: "keychain", location: `Keychain item "${KEYCHAIN_SERVICE}"`, text };
  }
  const file = readRawFile(credentialsPath);
  if (file.status === "missing") return { source: "none", location: credentialsPath };
  return { source: "file", location: credentialsPath, text: file.text, file };
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
  if (raw.text === undefined) return { ...base, problem: raw.file?.error ?? "it could not be read" };
  const { value, problems } = parseJsonc(raw.text);
  if (problems.length) return { ...base, problem: `it is not valid JSON: ${problems[0].message}`, problemAt: problems[0] };
  const oauth = isObject(value) ? value.claudeAiOauth : undefined;
  if (!isObject(oauth) || typeof oauth.accessToken !== "string" || oauth.accessToken === "") {
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
