// The sync rule (DESIGN.md §2) as a table: what anthropic:claude-cli holds, what Claude Code holds, and
// whether the profile takes Claude Code's credential (with the reason it gives) or is left as it is.
import { describe, expect, it } from "vitest";
import { syncReason, type SyncedProfile } from "../../src/auth/claude-sync.js";
import type { ClaudeCodeCredential } from "../../src/snapshot/claude-code.js";
import { claudeShaped } from "../support/fake-claude.js";
import { DAY, HOUR, NOW } from "../support/state.js";

const STORED = claudeShaped("sk-ant-oat01-", "STOREDprofileToken");
const STORED_REFRESH = claudeShaped("sk-ant-ort01-", "STOREDprofileRefresh");
const CLAUDE = claudeShaped("sk-ant-oat01-", "CLAUDEcodeAccess");
const CLAUDE_REFRESH = claudeShaped("sk-ant-ort01-", "CLAUDEcodeRefresh");
const P = "anthropic:claude-cli";
const WARN_HOURS = 24;

/** What anthropic:claude-cli holds. */
const staticToken = (expires?: number): SyncedProfile => ({ type: "token", secret: STORED, expires });
const refreshable = (expires?: number): SyncedProfile => ({
  type: "oauth",
  secret: STORED,
  refresh: STORED_REFRESH,
  expires,
});
/** What Claude Code holds: a setup-token (static; from CLAUDE_CODE_OAUTH_TOKEN its expiry is unknown), or a `claude login`. */
const claudeToken = (expiresAt?: number): ClaudeCodeCredential => ({ accessToken: CLAUDE, expiresAt });
const claudeLogin = (expiresAt?: number): ClaudeCodeCredential => ({
  accessToken: CLAUDE,
  refreshToken: CLAUDE_REFRESH,
  expiresAt,
});

interface Row {
  name: string;
  profile: SyncedProfile | undefined;
  claude: ClaudeCodeCredential;
  warnHours?: number;
  /** The reason the profile takes Claude Code's credential; undefined: it is left as it is. */
  imports: string | undefined;
}

const KEEP = undefined;
const inWindow = (expires: string, warnHours = WARN_HOURS) =>
  `${P} ${expires} (within the ${warnHours}h warning window)`;

const rows: Row[] = [
  // Absent, no credential, expired: imported when Claude Code's credential is usable now.
  {
    name: "absent; Claude Code's setup-token, expiry unknown (CLAUDE_CODE_OAUTH_TOKEN)",
    profile: undefined,
    claude: claudeToken(),
    imports: `${P} is absent`,
  },
  {
    name: "absent; Claude Code's refreshable login",
    profile: undefined,
    claude: claudeLogin(NOW + 6 * HOUR),
    imports: `${P} is absent`,
  },
  {
    name: "absent; Claude Code's login whose access token has expired (it is refreshable)",
    profile: undefined,
    claude: claudeLogin(NOW - HOUR),
    imports: `${P} is absent`,
  },
  {
    name: "absent; Claude Code's static token has expired: nothing to gain",
    profile: undefined,
    claude: claudeToken(NOW - HOUR),
    imports: KEEP,
  },
  {
    name: "no credential (a token profile without its token)",
    profile: { type: "token" },
    claude: claudeToken(NOW + 300 * DAY),
    imports: `${P} has no credential`,
  },
  {
    name: "no credential; Claude Code's static token has expired",
    profile: { type: "token" },
    claude: claudeToken(NOW - HOUR),
    imports: KEEP,
  },
  {
    name: "static expired 2h ago; Claude Code's static token expires in 300d",
    profile: staticToken(NOW - 2 * HOUR),
    claude: claudeToken(NOW + 300 * DAY),
    imports: `${P} expired 2h ago`,
  },
  {
    name: "static expired; Claude Code's static token, expiry unknown",
    profile: staticToken(NOW - 2 * HOUR),
    claude: claudeToken(),
    imports: `${P} expired 2h ago`,
  },
  {
    name: "static expired; Claude Code's refreshable login",
    profile: staticToken(NOW - 2 * HOUR),
    claude: claudeLogin(NOW + 6 * HOUR),
    imports: `${P} expired 2h ago`,
  },
  {
    name: "both static and expired, Claude Code's earlier",
    profile: staticToken(NOW - HOUR),
    claude: claudeToken(NOW - 2 * HOUR),
    imports: KEEP,
  },
  {
    name: "both static and expired, Claude Code's later: still dead",
    profile: staticToken(NOW - 2 * HOUR),
    claude: claudeToken(NOW - HOUR),
    imports: KEEP,
  },

  // Same kind, both expiries known: Claude Code's wins when it expires later.
  {
    name: "static and static, Claude Code's expires later",
    profile: staticToken(NOW + 30 * DAY),
    claude: claudeToken(NOW + 300 * DAY),
    imports: `Claude Code's credential expires in 300d, ${P} expires in 30d`,
  },
  {
    name: "static and static, Claude Code's expires sooner",
    profile: staticToken(NOW + 30 * DAY),
    claude: claudeToken(NOW + 10 * DAY),
    imports: KEEP,
  },
  {
    name: "static and static, the profile's expiry unknown",
    profile: staticToken(),
    claude: claudeToken(NOW + 300 * DAY),
    imports: KEEP,
  },
  {
    name: "static and static, Claude Code's expiry unknown, the profile outside the warning window",
    profile: staticToken(NOW + 30 * DAY),
    claude: claudeToken(),
    imports: KEEP,
  },
  {
    // A token exported in CLAUDE_CODE_OAUTH_TOKEN, imported before, then renewed and exported again: neither
    // says when it ends, and Claude Code's is the one it uses now.
    name: "static and static, both expiries unknown (a renewed CLAUDE_CODE_OAUTH_TOKEN)",
    profile: staticToken(),
    claude: claudeToken(),
    imports: `Claude Code now uses another token, and neither says when it expires`,
  },
  {
    name: "refreshable and refreshable, Claude Code's expires later (it refreshed)",
    profile: refreshable(NOW + HOUR),
    claude: claudeLogin(NOW + 8 * HOUR),
    imports: `Claude Code's credential expires in 8h, ${P} expires in 1h`,
  },
  {
    name: "refreshable and refreshable, the profile's access token expired, Claude Code's later",
    profile: refreshable(NOW - HOUR),
    claude: claudeLogin(NOW + 8 * HOUR),
    imports: `Claude Code's credential expires in 8h, ${P} expired 1h ago`,
  },
  {
    name: "refreshable and refreshable, Claude Code's expires sooner",
    profile: refreshable(NOW + 8 * HOUR),
    claude: claudeLogin(NOW + HOUR),
    imports: KEEP,
  },
  {
    name: "refreshable and refreshable, the profile's expiry unknown",
    profile: refreshable(),
    claude: claudeLogin(NOW + 8 * HOUR),
    imports: KEEP,
  },

  // A static token gives way to Claude Code's refreshable login only when expired or inside the warning window.
  {
    name: "static expiring in 1h; Claude Code's login expires later (issue 15, case 6)",
    profile: staticToken(NOW + HOUR),
    claude: claudeLogin(NOW + 6 * HOUR),
    imports: `${inWindow("expires in 1h")} and Claude Code's credential is refreshable`,
  },
  {
    name: "static expiring in 1h; Claude Code's login's access token expires sooner (case 6: refreshable all the same)",
    profile: staticToken(NOW + HOUR),
    claude: claudeLogin(NOW + 30 * 60_000),
    imports: `${inWindow("expires in 1h")} and Claude Code's credential is refreshable`,
  },
  {
    name: "static expiring in 1h; Claude Code's login's access token has expired",
    profile: staticToken(NOW + HOUR),
    claude: claudeLogin(NOW - HOUR),
    imports: `${inWindow("expires in 1h")} and Claude Code's credential is refreshable`,
  },
  {
    name: "static expiring in 23h, just inside the 24h window; Claude Code's login",
    profile: staticToken(NOW + 23 * HOUR),
    claude: claudeLogin(NOW + 6 * HOUR),
    imports: `${inWindow("expires in 23h")} and Claude Code's credential is refreshable`,
  },
  {
    name: "static expiring in 25h, just outside the 24h window; Claude Code's login",
    profile: staticToken(NOW + 25 * HOUR),
    claude: claudeLogin(NOW + 6 * HOUR),
    imports: KEEP,
  },
  {
    name: "a 48h window (auth.expiryWarnHours) takes in a static token expiring in 30h",
    profile: staticToken(NOW + 30 * HOUR),
    claude: claudeLogin(NOW + 6 * HOUR),
    warnHours: 48,
    imports: `${inWindow("expires in 30h", 48)} and Claude Code's credential is refreshable`,
  },
  {
    name: "a fresh year-long setup-token is kept over Claude Code's 6h login (the reverse of case 6)",
    profile: staticToken(NOW + 365 * DAY),
    claude: claudeLogin(NOW + 6 * HOUR),
    imports: KEEP,
  },
  {
    name: "static expiring in 30d; Claude Code's login expires later, but the token is not ending",
    profile: staticToken(NOW + 30 * DAY),
    claude: claudeLogin(NOW + 60 * DAY),
    imports: KEEP,
  },
  {
    name: "static with no known expiry; Claude Code's login",
    profile: staticToken(),
    claude: claudeLogin(NOW + 6 * HOUR),
    imports: KEEP,
  },

  // Inside the warning window a static token also gives way to a usable static one that is not known to end sooner.
  {
    name: "static expiring in 1h; Claude Code's static token, expiry unknown (CLAUDE_CODE_OAUTH_TOKEN)",
    profile: staticToken(NOW + HOUR),
    claude: claudeToken(),
    imports: `${inWindow("expires in 1h")} and Claude Code's token has no known expiry`,
  },
  {
    name: "static expiring in 1h; Claude Code's static token expires later",
    profile: staticToken(NOW + HOUR),
    claude: claudeToken(NOW + 2 * HOUR),
    imports: `Claude Code's credential expires in 2h, ${P} expires in 1h`,
  },
  {
    name: "static expiring in 2h; Claude Code's static token expires sooner",
    profile: staticToken(NOW + 2 * HOUR),
    claude: claudeToken(NOW + HOUR),
    imports: KEEP,
  },

  // A refreshable profile is never replaced by a static token.
  {
    name: "refreshable; Claude Code's static token expires much later",
    profile: refreshable(NOW + HOUR),
    claude: claudeToken(NOW + 300 * DAY),
    imports: KEEP,
  },
  {
    name: "refreshable with an expired access token; Claude Code's static token, expiry unknown",
    profile: refreshable(NOW - HOUR),
    claude: claudeToken(),
    imports: KEEP,
  },
  {
    name: "refreshable with only a refresh token (no access token yet); Claude Code's static token",
    profile: { type: "oauth", refresh: STORED_REFRESH },
    claude: claudeToken(),
    imports: KEEP,
  },

  // Equal is a no-op.
  {
    name: "equal: the same static token, whatever the expiries say",
    profile: { type: "token", secret: CLAUDE, expires: NOW - HOUR },
    claude: claudeToken(),
    imports: KEEP,
  },
  {
    name: "equal: the same login",
    profile: { type: "oauth", secret: CLAUDE, refresh: CLAUDE_REFRESH, expires: NOW + HOUR },
    claude: claudeLogin(NOW + HOUR),
    imports: KEEP,
  },

  // What kind a profile is follows from its refresh token, not its type.
  {
    name: "an oauth profile without a refresh token is static: a later static token replaces it",
    profile: { type: "oauth", secret: STORED, expires: NOW + 2 * DAY },
    claude: claudeToken(NOW + 300 * DAY),
    imports: `Claude Code's credential expires in 300d, ${P} expires in 2d`,
  },
  {
    name: "an API key stored as anthropic:claude-cli never expires: kept",
    profile: { type: "api_key", secret: claudeShaped("sk-ant-api03-", "KEY") },
    claude: claudeLogin(NOW + 6 * HOUR),
    imports: KEEP,
  },
  {
    name: "a profile whose expiry is not a number is left to store/invalid",
    profile: { type: "token", secret: STORED, unusable: "its expiry is not a finite number of milliseconds" },
    claude: claudeLogin(NOW + 6 * HOUR),
    imports: KEEP,
  },
];

describe("the sync rule: does anthropic:claude-cli take Claude Code's credential?", () => {
  it.each(rows)("$name", ({ profile, claude, warnHours = WARN_HOURS, imports }) => {
    expect(syncReason(profile, claude, NOW, warnHours)).toBe(imports);
  });

  it("the test values look like the real ones", () => {
    for (const value of [STORED, CLAUDE]) expect(value).toMatch(/^sk-ant-oat01-[A-Za-z0-9_-]{93}AA$/);
  });
});
