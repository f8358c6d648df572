// States shared by the cooldown rules' tables: an agent's Anthropic profiles with their usage records.
import { HOUR, NOW } from "../../support/state.js";
import { store } from "../table.js";

// HH:MM in the tests is UTC: NOW is 12:00 UTC.
process.env.TZ = "UTC";

export const KEY_A = "sk-ant-api03-COOLDOWNkeyA00000000000000000000000000000000000000000";
export const KEY_B = "sk-ant-api03-COOLDOWNkeyB00000000000000000000000000000000000000000";
export const OVERLOADED = '529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';

export const apiKey = (key = KEY_A) => ({ type: "api_key", provider: "anthropic", key });

/** An agent store with `a` (and `b`, when given) and these usage records. */
export function anthropicStore(
  usage: Record<string, unknown>,
  profiles: Record<string, unknown> = { "anthropic:a": apiKey(KEY_A), "anthropic:b": apiKey(KEY_B) },
) {
  return store(profiles, { order: { anthropic: Object.keys(profiles) }, usageStats: usage });
}

// The rules' own examples rest a profile the same way (three rate-limited requests, last used an hour ago).
export { MINUTE as MIN, RATE_LIMITED, resting as cooling } from "../../../src/auth/cooldown-example.js";
export { HOUR, NOW };
