// A doctor result and the config text it points into, shared by the report tests.
import type { DoctorResult } from "../../src/engine/result.js";
import { defineRule } from "../../src/rule.js";
import type { SarifPlaces } from "../../src/report/sarif-places.js";
import type { Finding } from "../../src/types.js";

export const HOME = "/home/u";
export const CONFIG = "/home/u/.clawdia/clawdia.json";
export const STORE = "/home/u/.clawdia/agents/main/agent/auth-profiles.json";
export const UNIT = "/home/u/.config/systemd/user/clawdia-gateway.service";

/** The layout SARIF places findings in: the state dir under the home, a systemd user unit. */
export const PLACES: SarifPlaces = { stateDir: "/home/u/.clawdia", home: HOME, configPath: CONFIG, daemonFile: UNIT };

// Comments and trailing commas on purpose: positions must count them.
export const CONFIG_TEXT = `// Clawdia config
{
  /* which model */
  "models": {
    "default": "anthropic/claude-opus-4-5", // the default
  },
  "auth": {
    "profiles": {
      "anthropic:claude-cli": { "provider": "anthropic", "mode": "token" },
    },
    "order": { "anthropic": ["anthropic:claude-cli", "anthropic:default"] },
  },
}
`;

export function finding(overrides: Partial<Finding> & Pick<Finding, "ruleId" | "severity" | "message">): Finding {
  return { subject: {}, advice: [], ...overrides };
}

export const missing = finding({
  ruleId: "auth/missing-credentials",
  severity: "error",
  message: "No credentials found for anthropic",
  subject: { provider: "anthropic", file: CONFIG, path: ["models", "default"] },
  advice: ["claude setup-token", "export ANTHROPIC_API_KEY=…"],
});

export const modeMismatch = finding({
  ruleId: "config/profile-mode-mismatch",
  severity: "warning",
  message: 'anthropic:claude-cli has mode "token" but holds an OAuth credential',
  subject: {
    profileId: "anthropic:claude-cli",
    file: CONFIG,
    path: ["auth", "profiles", "anthropic:claude-cli", "mode"],
  },
  fix: { id: "fix:mode", title: "Set the mode to oauth", safety: "unsafe", applied: false },
});

export const widePermissions = finding({
  ruleId: "files/permissions",
  severity: "info",
  message: "auth-profiles.json was readable by others",
  subject: { agentId: "main", file: STORE },
  fix: { id: "fix:chmod", title: "chmod 600", safety: "safe", applied: true },
});

export const crashed = finding({
  ruleId: "engine/rule-crashed",
  severity: "error",
  message: "rule auth/token-expiring crashed: boom",
});

export const rules = [
  defineRule({
    id: "auth/missing-credentials",
    title: "No credentials for a provider in use",
    severity: "error",
    fix: "manual",
    docs: "Why: the gateway cannot call the provider.",
    examples: { bad: [], good: [] },
    check: () => [],
  }),
  defineRule({
    id: "auth/token-expiring",
    title: "A static token expires soon",
    severity: "warning",
    fix: "manual",
    docs: "Rerun claude setup-token.",
    examples: { bad: [], good: [] },
    check: () => [],
  }),
  defineRule({
    id: "config/profile-mode-mismatch",
    title: "Profile mode does not match its credential",
    severity: "warning",
    fix: "unsafe",
    docs: "mode token → oauth.",
    examples: { bad: [], good: [] },
    check: () => [],
  }),
  defineRule({
    id: "files/permissions",
    title: "A file is readable by others",
    severity: "info",
    fix: "safe",
    docs: "chmod 600.",
    examples: { bad: [], good: [] },
    check: () => [],
  }),
];

export function result(overrides: Partial<DoctorResult> = {}): DoctorResult {
  return {
    stateDir: "/home/u/.clawdia",
    configPath: CONFIG,
    dryRun: false,
    findings: [],
    changes: [],
    unverified: [],
    exitCode: 0,
    ...overrides,
  };
}

/** A run with one finding of each severity (given out of order) and one change of each outcome. */
export const busy = result({
  runId: "2026-11-27T12-00-00Z",
  exitCode: 1,
  findings: [widePermissions, modeMismatch, missing],
  changes: [
    {
      id: "fix:chmod",
      title: "chmod 600 auth-profiles.json",
      source: "fix",
      safety: "safe",
      status: "applied",
      files: [STORE],
    },
    {
      id: "migration:mode",
      title: "Migrate claude-cli mode",
      source: "migration",
      safety: "safe",
      status: "applied",
      files: [CONFIG],
    },
    {
      id: "fix:mode",
      title: "Set the mode to oauth",
      source: "fix",
      safety: "unsafe",
      status: "needs-fix",
      files: [CONFIG],
    },
    {
      id: "fix:env",
      title: "Write OPENROUTER_API_KEY to .env",
      source: "fix",
      safety: "unsafe",
      status: "dropped",
      files: ["/home/u/.clawdia/.env"],
      reason: "the file changed on disk",
    },
  ],
  unverified: ["fix:chmod"],
});
