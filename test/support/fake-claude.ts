// The fake `claude` (test/support/fake-claude/claude) and tokens of the real shape, for the tests of
// the setup-token route.
import crypto from "node:crypto";
import path from "node:path";
import { ROOT } from "./cli.js";

/** The directory to put first on PATH: its `claude` behaves like the real `claude setup-token`. */
export const FAKE_CLAUDE_BIN = path.join(ROOT, "test/support/fake-claude");

/** A token of the real shape: "sk-ant-oat01-", 93 characters of the token alphabet, "AA" (108 in all). */
export function claudeToken(seed: string): string {
  const body = crypto.createHash("sha512").update(seed).digest("base64url").replace(/^[-_]/, "x");
  return `sk-ant-oat01-${(body + body).slice(0, 93)}AA`;
}

/** A value shaped like Claude Code's: the prefix ("sk-ant-oat01-", "sk-ant-ort01-"), a tag, filler of the token alphabet, "AA"; 108 characters. */
export function claudeShaped(prefix: string, tag: string): string {
  return (prefix + tag + "r4T_8kLm-2Qx".repeat(10)).slice(0, 106) + "AA";
}
