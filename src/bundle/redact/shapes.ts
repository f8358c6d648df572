// What a secret looks like when nothing names it: provider key shapes, JWTs, and long random strings.
import { isSecretName } from "../../secrets.js";
import { JWT_SOURCE, OTHER_KEY_SOURCE, PROVIDER_KEY_SOURCE } from "../../redact/key-shapes.js";

/** Logs also cut keys short: any "sk-ant-" run is an Anthropic credential there. */
const ANY_ANTHROPIC = String.raw`\bsk-ant-[A-Za-z0-9_-]{8,}`;

/** The key shapes every output masks (src/redact/key-shapes.ts), and cut Anthropic keys. */
export function providerKeyPattern(): RegExp {
  return new RegExp(`${PROVIDER_KEY_SOURCE}|${OTHER_KEY_SOURCE}|${ANY_ANTHROPIC}`, "g");
}

export function jwtPattern(): RegExp {
  return new RegExp(JWT_SOURCE, "g");
}

/** Parameter names that carry credentials in URLs besides the secret names (`?sig=…`, `&code=…`). */
const SECRET_PARAMETER =
  /^(?:sig|signature|code|auth|pass|pwd|session|sessionid|sid|x-amz-signature|x-amz-security-token)$/i;

/** Whether a URL's query parameter of this name is redacted. */
export function isSecretParameter(name: string): boolean {
  return isSecretName(name) || SECRET_PARAMETER.test(name);
}

/** A random token is at least this long. */
export const TOKEN_RUN_MIN = 24;

/** Runs of characters that random tokens and base64 are made of. */
export function tokenRunPattern(): RegExp {
  // Starts only where a run starts, so a run is scanned once, not once per character of it.
  return new RegExp(`(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]{${TOKEN_RUN_MIN},}`, "g");
}

/** What kind of secret a value is, for its placeholder: `[REDACTED:anthropic-api-key#3]`. */
export function classifySecret(value: string): string {
  if (value.startsWith("sk-ant-api")) return "anthropic-api-key";
  if (value.startsWith("sk-ant-oat")) return "anthropic-oauth-token";
  if (value.startsWith("sk-ant-ort")) return "anthropic-refresh-token";
  if (value.startsWith("sk-ant-")) return "anthropic-key";
  if (value.startsWith("sk-or-")) return "openrouter-key";
  if (value.startsWith("sk-")) return "openai-key";
  if (/^eyJ[A-Za-z0-9_-]+\.eyJ/.test(value)) return "jwt";
  if (/^gh[pousr]_|^github_pat_/.test(value)) return "github-token";
  if (/^xox[abprs]-/.test(value)) return "slack-token";
  if (/^AKIA/.test(value)) return "aws-key";
  return "secret";
}

/**
 * Whether a token looks machine-generated: long, mixing letters and digits, and switching between
 * upper case, lower case and digits far more often than words do (camelCase identifiers switch once
 * per word, random strings on about every other character). Lower-case hex (hashes, ids) is left.
 */
export function looksRandom(token: string): boolean {
  if (token.length < 24) return false;
  if (/^[0-9a-f-]+$/.test(token) || /^[0-9A-F-]+$/.test(token)) return false;
  if (!/[0-9]/.test(token) || !/[A-Za-z]/.test(token)) return false;
  let switches = 0;
  for (let i = 1; i < token.length; i++)
    if (charClass(token.charCodeAt(i)) !== charClass(token.charCodeAt(i - 1))) switches++;
  return switches / (token.length - 1) >= 0.3 && entropy(token) >= 3.5;
}

function charClass(code: number): number {
  if (code >= 48 && code <= 57) return 0;
  if (code >= 65 && code <= 90) return 1;
  if (code >= 97 && code <= 122) return 2;
  return 3;
}

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Random-looking runs inside a token; `/` splits path segments unless the run is padded base64. */
export function randomParts(run: string): string[] {
  const parts = run.includes("/") && !run.endsWith("=") ? run.split("/") : [run];
  return parts.filter(looksRandom);
}

// Compiled once, without the global flag (test() then keeps no position): a unit with 262,000
// assignments asks about each value, and compiling the patterns per value was most of the bundle's time.
const PROVIDER_KEY_TEST = new RegExp(providerKeyPattern().source);
const JWT_TEST = new RegExp(jwtPattern().source);
const URL_CREDENTIALS_TEST = /[a-z][a-z0-9+.-]*:\/\/[^\s/@]+@/i;
const TOKEN_RUNS = tokenRunPattern(); // global: match() starts it at 0 and leaves it there
/** No shape below is this short: the shortest is "a://b@". */
const SHORTER_THAN_ANY_SHAPE = 6;

/** Whether a value found under an ordinary name is still a secret by its looks. */
export function looksSecretValue(value: string): boolean {
  if (value.length < SHORTER_THAN_ANY_SHAPE) return false;
  if (PROVIDER_KEY_TEST.test(value) || JWT_TEST.test(value)) return true;
  if (URL_CREDENTIALS_TEST.test(value)) return true;
  return (value.match(TOKEN_RUNS) ?? []).some((run) => randomParts(run).length > 0);
}

/** Whether a value under `name` should be matched exactly everywhere in the bundle. */
export function isSecretEntry(name: string, value: string): boolean {
  return isSecretName(name) || looksSecretValue(value);
}
