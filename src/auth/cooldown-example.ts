// The states the cooldown rules' executable examples are written in (rules/auth/*cool*, last-error):
// agent main with two Anthropic API keys in its order, and the gateway's usage records for them.
import { EXAMPLE_NOW, HOUR } from "../rule.js";

export const MINUTE = 60_000;
export const RATE_LIMITED =
  '429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}';

const KEYS = {
  "anthropic:a": {
    type: "api_key",
    provider: "anthropic",
    key: "sk-ant-api03-EXAMPLEcooldownKEYa000000000000000000000000000000000",
  },
  "anthropic:b": {
    type: "api_key",
    provider: "anthropic",
    key: "sk-ant-api03-EXAMPLEcooldownKEYb000000000000000000000000000000000",
  },
};

/** Agent main's stores with these usage records (by profile id), and only profile a when `onlyA`. */
export function cooldownStores(usageStats: Record<string, unknown>, onlyA = false): Record<string, unknown> {
  const profiles = onlyA ? { "anthropic:a": KEYS["anthropic:a"] } : KEYS;
  return { main: { version: 1, profiles, order: { anthropic: Object.keys(profiles) }, usageStats } };
}

/** A usage record resting until `until`, after three rate-limited requests. */
export function resting(until: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { errorCount: 3, cooldownUntil: until, lastError: RATE_LIMITED, lastUsed: EXAMPLE_NOW - HOUR, ...extra };
}
