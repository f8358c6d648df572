// Whether a value can be a credential at all (not empty, one line, not a placeholder, the shape its
// provider issues), and whether the provider has refused a stored one since it last worked.
// Every message is a predicate for a subject the caller names ("ANTHROPIC_API_KEY in ~/.clawdia/.env
// is a placeholder…"), says what the value is and what to do, and never contains any of the value.
import { displayPath } from "../paths.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import type { StoredProfile, UsageStats } from "../snapshot/views.js";
import { KNOWN_PROVIDERS } from "./known-providers.js";
import { CLAUDE_CODE_TOKEN_PREFIX, CREDENTIAL_PREFIXES, envKeyFor } from "./providers.js";

/** What the value is used as: an API key, a static token, or an OAuth access token. */
export type CredentialUse = "api_key" | "token" | "oauth";

const NOUN: Record<CredentialUse, string> = { api_key: "key", token: "token", oauth: "access token" };
const A_NOUN: Record<CredentialUse, string> = { api_key: "a key", token: "a token", oauth: "an access token" };

export const CREATE_ANTHROPIC_KEY =
  "create an API key in the Anthropic Console (https://console.anthropic.com/settings/keys)";

/** Why `value` cannot be a usable credential of this kind for `provider`, or undefined when it can be. */
export function credentialValueProblem(provider: string, value: string, use: CredentialUse): string | undefined {
  const noun = NOUN[use];
  if (value === "") return "is empty";
  if (!/\S/.test(value)) return "holds only whitespace";
  // Before the whitespace test: "<your key here>" is a placeholder first.
  if (use !== "oauth" && isPlaceholder(value))
    return `is a placeholder, not a real ${noun}: replace it with ${yourCredential(provider, use)}`;
  if (/\s/.test(value)) return `contains whitespace or a line break: ${A_NOUN[use]} is one line without spaces`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value))
    return `contains control characters: ${A_NOUN[use]} is one line of printable characters`;
  if (use === "api_key") return apiKeyShapeProblem(provider.toLowerCase(), value);
  if (use === "token") return tokenShapeProblem(provider.toLowerCase(), value);
  return undefined;
}

/**
 * Why a stored profile's credential cannot be used whatever its expiry: its value is not a credential
 * of its type, or the provider refused it since it last worked. Emptiness is left to credentialStatus
 * ("missing"): an OAuth profile with a refresh token but no access token is refreshed on use.
 */
export function storedCredentialProblem(
  profile: Pick<StoredProfile, "provider" | "type" | "secret">,
  stats: UsageStats | undefined,
): string | undefined {
  const use =
    profile.type === "api_key" || profile.type === "token" || profile.type === "oauth" ? profile.type : undefined;
  const shape =
    use && profile.secret !== undefined ? credentialValueProblem(profile.provider, profile.secret, use) : undefined;
  return shape ?? refusalProblem(profile.provider, stats);
}

/** The start of the error Anthropic returns for a Claude Code credential used as an API credential. */
export const CLAUDE_CODE_ONLY_ERROR = "This credential is only authorized for use with Claude Code";

/**
 * Recorded errors that mean the provider refused the credential itself, as Anthropic, OpenAI and
 * OpenRouter word them. Rate limits, overload, outages and network errors are not refusals: the
 * gateway rests such a profile (a cooldown) and tries it again.
 */
const REFUSALS: { pattern: RegExp; means: string }[] = [
  {
    pattern: /only authorized for use with Claude Code/i,
    means: "a Claude Code credential, only authorized for use with Claude Code",
  },
  {
    pattern:
      /invalid[ _-]?x-api-key|invalid[ _-]?api[ _-]?key|incorrect api key|api key (?:is )?(?:invalid|not valid|expired|revoked|disabled)/i,
    means: "an invalid key",
  },
  {
    pattern: /invalid_grant|refresh token (?:is )?(?:invalid|expired|revoked|not found)/i,
    means: "its refresh token was refused",
  },
  { pattern: /(?:token|key) (?:has been |was )?revoked/i, means: "it was revoked" },
  {
    pattern: /authentication[_ ]error|invalid[ _]authentication|invalid bearer token|\bunauthori[sz]ed\b|\b401\b/i,
    means: "authentication failed",
  },
  { pattern: /permission[_ ]error/i, means: "it lacks the permission" },
];

/** Why the provider's recorded answer rules a stored credential out, or undefined. */
export function refusalProblem(provider: string, stats: UsageStats | undefined): string | undefined {
  // errorCount 0: the profile has worked since the error was recorded.
  if (!stats?.lastError || stats.errorCount === 0) return undefined;
  const refusal = REFUSALS.find(({ pattern }) => pattern.test(stats.lastError!));
  if (!refusal) return undefined;
  const count =
    stats.errorCount === undefined
      ? ""
      : `; ${stats.errorCount} failed request${stats.errorCount === 1 ? "" : "s"} recorded`;
  // The recorded error is free text (it may quote a key): only our own words describe it.
  return `was refused by ${displayName(provider)} since it last worked (${refusal.means}${count}): replace it, or take it out of the order`;
}

function apiKeyShapeProblem(provider: string, value: string): string | undefined {
  if (provider === "anthropic" && value.startsWith(CLAUDE_CODE_TOKEN_PREFIX)) {
    return `is a Claude Code OAuth or setup-token credential, which is only authorized for use with Claude Code and cannot be used as an API key: ${CREATE_ANTHROPIC_KEY}`;
  }
  // Only for providers we know: a provider of the user's own (a proxy) may well take another's key.
  const owner = Object.entries(CREDENTIAL_PREFIXES).find(
    ([id, prefixes]) => id !== provider && prefixes.owns && value.startsWith(prefixes.owns),
  );
  if (owner && KNOWN_PROVIDERS.includes(provider)) {
    const [ownerId, { name, owns }] = owner;
    return `looks like ${name} key (it starts with "${owns}"), not a key for ${provider}: give it to the gateway as ${envKeyFor(ownerId)}, and use ${yourCredential(provider, "api_key")} here`;
  }
  const required = CREDENTIAL_PREFIXES[provider];
  if (required?.apiKey && !value.startsWith(required.apiKey))
    return `is not ${required.name} API key, which starts with "${required.apiKey}"`;
  return undefined;
}

function tokenShapeProblem(provider: string, value: string): string | undefined {
  // Anthropic takes Claude Code's tokens only from Claude Code; no other provider takes them at all.
  if (provider !== "anthropic" && value.startsWith(CLAUDE_CODE_TOKEN_PREFIX)) {
    return `is a Claude Code token (it starts with "${CLAUDE_CODE_TOKEN_PREFIX}"), which only Anthropic accepts: store it for anthropic (clawdia models auth paste-token --provider anthropic), and use ${yourCredential(provider, "token")} here`;
  }
  const prefixes = CREDENTIAL_PREFIXES[provider];
  if (!prefixes?.token) return undefined;
  if (prefixes.apiKey && prefixes.apiKey !== prefixes.token && value.startsWith(prefixes.apiKey)) {
    return `is ${prefixes.name} API key, not a token: give it to the gateway as ${envKeyFor(provider)} in ~/.clawdia/.env (or run \`clawdia onboard\`)`;
  }
  if (!value.startsWith(prefixes.token)) return `is not ${prefixes.name} token, which starts with "${prefixes.token}"`;
  return undefined;
}

/** "Anthropic", "OpenRouter": the provider's name in words, or its id when we do not know it. */
export function displayName(provider: string): string {
  return CREDENTIAL_PREFIXES[provider.toLowerCase()]?.name.replace(/^an? /, "") ?? provider;
}

function yourCredential(provider: string, use: CredentialUse): string {
  const prefixes = CREDENTIAL_PREFIXES[provider.toLowerCase()];
  if (use === "api_key") return prefixes ? `your ${displayName(provider)} API key` : `your API key for ${provider}`;
  return prefixes ? `your ${displayName(provider)} ${NOUN[use]}` : `your ${NOUN[use]} for ${provider}`;
}

// Placeholders, as documentation, .env.example files and tutorials write them.

/**
 * "...", "…": an elided value, or a fingerprint ("sk-ant-api03-…Xy9Q") copied back. The "…" is escaped:
 * the built CLI must be ASCII (scripts/build.mjs says why).
 */
const ELLIPSIS = /\.\.\.|\u2026/;
/** "sk-ant-****": a masked copy. */
const MASK = /\*{3}/;
/** A template or variable reference nothing expanded: "${ANTHROPIC_API_KEY}", "{{ key }}", "%KEY%". */
const TEMPLATE = /^(?:\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.*\}\}|%[A-Za-z_][A-Za-z0-9_]*%)$/s;
/** "<key>", "<your API key>": nothing a provider issues starts with "<". */
const ANGLED = /^<.*>$/s;
/** "[your key]", "{api_key}", "(key)": brackets around words only, which are judged as words. */
const BRACKETED = /^[[{(]([\w .-]*)[\]})]$/;
/** A provider's own start, after which an example key shows only filler: "sk-ant-api03-xxxx", "sk-". */
const KEY_PREFIX = /^sk-(?:ant-(?:[a-z]+\d*-)?|or-(?:v\d+-)?|proj-|svcacct-|admin-)?/i;

/** The words placeholders are made of ("your_api_key", "INSERT-YOUR-OPENAI-KEY-HERE", "changeme"). */
const PLACEHOLDER_WORDS = new Set([
  ...[
    "your",
    "my",
    "the",
    "a",
    "an",
    "insert",
    "enter",
    "paste",
    "put",
    "add",
    "set",
    "fill",
    "in",
    "here",
    "goes",
    "go",
    "to",
    "with",
  ],
  ...[
    "api",
    "key",
    "keys",
    "apikey",
    "token",
    "secret",
    "access",
    "auth",
    "bearer",
    "real",
    "actual",
    "value",
    "valid",
    "new",
  ],
  ...[
    "replace",
    "change",
    "me",
    "this",
    "it",
    "placeholder",
    "changeme",
    "replaceme",
    "todo",
    "tbd",
    "fixme",
    "example",
    "sample",
    "dummy",
    "fake",
    "test",
  ],
  ...["sk", "ant", "or", "proj", "claude", "open", "ai", "router", "null", "undefined", ...KNOWN_PROVIDERS],
]);
/** A run of placeholder words is one only if it says what it stands for. */
const MARKERS = new Set([
  "key",
  "keys",
  "apikey",
  "token",
  "secret",
  "placeholder",
  "changeme",
  "replaceme",
  "me",
  "todo",
  "tbd",
  "fixme",
  "null",
  "undefined",
]);

/** A value that stands for a credential in an example: never a real one, whatever its provider. */
export function isPlaceholder(value: string): boolean {
  let text = value.trim();
  for (let quoted = /^(["'`])(.*)\1$/s.exec(text); quoted; quoted = /^(["'`])(.*)\1$/s.exec(text))
    text = quoted[2].trim();
  if (text === "") return true;
  if (ELLIPSIS.test(text) || MASK.test(text) || TEMPLATE.test(text) || ANGLED.test(text)) return true;
  text = BRACKETED.exec(text)?.[1].trim() ?? text;
  if (/^[x*#._-]*$/i.test(text.replace(KEY_PREFIX, ""))) return true;
  return isPlaceholderPhrase(text);
}

/** Any marker word anywhere in a lower-cased text (they are plain lower-case words: no escaping needed). */
const ANY_MARKER = new RegExp([...MARKERS].join("|"));

function isPlaceholderPhrase(text: string): boolean {
  // First the cheap test most values fail (a key rarely holds "key" or "me"): a marker among the words
  // is also in the lower-cased text as it is, since cutting the text into words only adds breaks.
  if (!ANY_MARKER.test(text.toLowerCase())) return false;
  const words = text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const known = (word: string) => PLACEHOLDER_WORDS.has(word) || /^(?:api|oat|v)\d+$/.test(word) || /^x+$/.test(word);
  return words.length > 0 && words.every(known) && words.some((word) => MARKERS.has(word));
}

/** A credential as credentials.ts finds it: a stored profile, or the key variable in one place. */
interface Source {
  /** "store", or where the gateway's environment has the key from: "env", "dotenv", "config", "unit", … */
  kind: string;
  label: string;
  secret: string;
  profile?: StoredProfile;
}

/** The source with `rejection` set when the gateway cannot use its value whatever its expiry. */
export function withRejection<T extends Source>(
  source: T,
  provider: string,
  snapshot: Snapshot,
): T & { rejection?: string } {
  const rejection = sourceRejection(source, provider, snapshot);
  return rejection ? { ...source, rejection } : source;
}

/** "ANTHROPIC_API_KEY in ~/.clawdia/.env (line 2) is a placeholder…", "profile anthropic:x was refused…". */
function sourceRejection(source: Source, provider: string, snapshot: Snapshot): string | undefined {
  if (source.profile) {
    const stats = snapshot.agentById.get(source.profile.agentId)?.view.usageStats[source.profile.id];
    const problem = storedCredentialProblem(source.profile, stats);
    return problem && `${source.label} ${problem}`;
  }
  const problem = credentialValueProblem(provider, source.secret, "api_key");
  return problem && `${placeOf(source, envKeyFor(provider), snapshot)} ${problem}`;
}

function placeOf(source: Source, key: string, snapshot: Snapshot): string {
  const { home, dotenvPath, configPath } = snapshot.raw.paths;
  if (source.kind === "env") return `${key} in the environment`;
  if (source.kind === "dotenv")
    return `${key} in ${displayPath(dotenvPath, home)} (line ${snapshot.dotenv.parsed.lines[key]})`;
  if (source.kind === "config") return `env.vars.${key} in ${displayPath(configPath, home)}`;
  // The daemon's own environment: "Environment= in ~/.config/systemd/user/clawdia-gateway.service:9 KEY".
  return `${key} from ${source.label.endsWith(` ${key}`) ? source.label.slice(0, -key.length - 1) : source.label}`;
}
