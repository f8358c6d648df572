// The gateway's failure bookkeeping (usageStats.<profileId>: errorCount, cooldownUntil, lastError):
// what a recorded error means in words, how long a cooldown may sanely last, and the edits that clear
// one. Shared by the cooldown rules, `models status` and `models auth cooldown clear`.
import { printable } from "../report/printable.js";
import { maskSecrets } from "../secrets.js";
import type { UsageStats } from "../snapshot/views.js";
import type { FileOp } from "../types.js";
import { displayName, refusalProblem } from "./credential-shape.js";
import { HOUR_MS } from "./status.js";

/** What the provider's recorded answer was, in the classes the user can act on. */
export type FailureKind = "rate-limit" | "overloaded" | "billing" | "auth-refused" | "network" | "unknown";

// Billing first: OpenAI words an exhausted quota as a 429 ("insufficient_quota"), which is no rate limit.
const KINDS: { kind: FailureKind; pattern: RegExp }[] = [
  {
    kind: "billing",
    pattern:
      /billing|credit balance|insufficient[_ ]quota|exceeded your current quota|payment required|\b402\b|out of credits/i,
  },
  { kind: "rate-limit", pattern: /rate[ _-]?limit|too many requests|\b429\b|requests per minute|tokens per minute/i },
  { kind: "overloaded", pattern: /overloaded|\b529\b|\b503\b|service unavailable|capacity|temporarily unavailable/i },
  {
    kind: "network",
    pattern: /timed? ?out|timeout|ECONNRESET|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|socket hang up|network|fetch failed/i,
  },
];

export function failureKind(provider: string, lastError: string): FailureKind {
  // The refusal patterns are the ones that rule a credential out (credential-shape.ts): one list.
  if (refusalProblem(provider, { lastError, errorCount: 1 })) return "auth-refused";
  return KINDS.find(({ pattern }) => pattern.test(lastError))?.kind ?? "unknown";
}

/** The recorded error in our own words: what happened, never the provider's text. */
export function failureWords(kind: FailureKind, provider: string): string {
  const name = displayName(provider);
  return {
    "rate-limit": `rate limited by ${name} (too many requests)`,
    overloaded: `${name} was overloaded or unavailable`,
    billing: `refused by ${name} for billing (credits or quota used up)`,
    "auth-refused": `${name} refused the credential`,
    network: `could not reach ${name} (network error or timeout)`,
    unknown: "an error the provider did not classify",
  }[kind];
}

/** What the user can do about a recorded error of this kind. */
export function failureAdvice(kind: FailureKind, provider: string): string | undefined {
  const name = displayName(provider);
  return {
    "rate-limit": `lower the request rate, or raise the rate limit of the ${name} account`,
    overloaded: `${name} recovers by itself; add a credential of another provider as a fallback`,
    billing: `add credits or raise the quota of the ${name} account`,
    "auth-refused": "replace the credential (clawdia doctor says how)",
    network: "check the gateway host's network and proxy settings",
    unknown: undefined,
  }[kind];
}

/**
 * The longest cooldown the gateway's backoff should ever give for a kind of error: an hour after rate
 * limits, overload or network errors (the backoff tops out there); a day for billing, which waits for
 * the account to be topped up. Longer means a clock that jumped or a store written by something else.
 */
export function cooldownBoundMs(kind: FailureKind): number {
  return kind === "billing" || kind === "auth-refused" ? 24 * HOUR_MS : HOUR_MS;
}

/** How much of the provider's own text is ever shown: enough to recognise it, too little to carry a body. */
export const EXCERPT_CHARS = 80;

/**
 * A bounded excerpt of the recorded error: its escapes decoded, every known secret and anything shaped
 * like a key masked (on the whole text, so a cut cannot leave a key's start unrecognised), whitespace
 * folded, cut to at most EXCERPT_CHARS, then control characters escaped.
 */
export function errorExcerpt(lastError: string, secrets: readonly string[]): string {
  // Masked before decoding too: a secret holding a backslash is known as it is, not as it decodes.
  const masked = maskSecrets(decodeEscapes(maskSecrets(lastError, secrets)), secrets)
    .replace(/\s+/g, " ")
    .trim();
  const chars = [...masked];
  if (chars.length <= EXCERPT_CHARS) return printable(masked);
  // At a word's end when there is one in the second half: no half of a fingerprint or a word.
  const head = chars.slice(0, EXCERPT_CHARS).join("");
  const space = head.lastIndexOf(" ");
  return printable(`${space > EXCERPT_CHARS / 2 ? head.slice(0, space) : head}…`);
}

/**
 * The provider's body is often JSON quoted inside a string, where a key may be written `sk\u002dant…`,
 * `https:\/\/…`, escaped twice, or URL-encoded (`sk%2Dproj…`): forms the masker does not look for
 * in a key made only of letters, digits and dashes. Decoded (a few rounds, for text escaped twice)
 * before masking, the key is plain again; the excerpt shows the decoded text, which also reads better.
 */
const ESCAPE = /\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([nrt])|([\s\S]))|%([0-7][0-9a-fA-F])/g;
const WHITESPACE: Record<string, string> = { n: "\n", r: "\r", t: "\t" };

function decodeEscapes(text: string): string {
  for (let round = 0; round < 4; round++) {
    const decoded = text.replace(ESCAPE, (match, u, x, ws, char, pct) => {
      const hex = u ?? x ?? pct;
      if (hex) return String.fromCharCode(parseInt(hex, 16));
      return ws ? WHITESPACE[ws] : (char ?? match);
    });
    if (decoded === text) break;
    text = decoded;
  }
  return text;
}

/** A cooldown that is still running. */
export function isCoolingDown(stats: UsageStats | undefined, now: number): boolean {
  return stats?.cooldownUntil !== undefined && stats.cooldownUntil > now;
}

/**
 * A cooldown the gateway did not reset: its time has passed, but the failures that caused it are still
 * counted, so the next error backs off from there (longer each time) and the profile sorts behind
 * others that have worked. Refusals are left alone: there the count is what rules the credential out.
 */
export function isStaleCooldown(provider: string, stats: UsageStats | undefined, now: number): boolean {
  // 0 is a time too (a cooldown that ended in 1970, or before and brought into range): still recorded.
  if (stats?.cooldownUntil === undefined || stats.cooldownUntil > now || refusalProblem(provider, stats)) return false;
  return (stats.errorCount ?? 0) > 0;
}

/** "1 failed request", "3 failed requests". */
export function failedRequests(count: number): string {
  return `${count} failed request${count === 1 ? "" : "s"}`;
}

/** "1 failed request is", "3 failed requests are". */
export function failedRequestsAre(count: number): string {
  return `${failedRequests(count)} ${count === 1 ? "is" : "are"}`;
}

/**
 * The key-local edits that clear a profile's cooldown, as the gateway itself resets one after a request
 * that works: cooldownUntil removed, errorCount 0. lastError and lastUsed stay, as the record of what
 * happened. None when there is nothing to clear.
 */
export function clearCooldownOps(file: string, profileId: string, raw: unknown): FileOp[] {
  const entry = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const ops: FileOp[] = [];
  if (entry.cooldownUntil !== undefined)
    ops.push({ kind: "json-set", file, path: ["usageStats", profileId, "cooldownUntil"], value: undefined });
  if (entry.errorCount !== undefined && entry.errorCount !== 0)
    ops.push({ kind: "json-set", file, path: ["usageStats", profileId, "errorCount"], value: 0 });
  return ops;
}

/** "14:05" on the same day, else "2026-12-03 14:05", in the host's time zone (the clock the user reads). */
export function clockTime(ms: number, now: number): string {
  const at = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const today = new Date(now);
  const sameDay =
    at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  return sameDay ? time : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}
