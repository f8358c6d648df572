// The schema of `clawdia onboard --non-interactive … --json`: fingerprints only, never a secret.
import * as z from "zod";
import { schemaVersion, stateDir, tool } from "./common.js";

export const ONBOARD_SCHEMA_ID = "https://clawdia.dev/schema/onboard.json";

const credential = z.object({
  provider: z.string(),
  authChoice: z.enum(["api-key", "setup-token", "token"]),
  store: z
    .enum(["dotenv", "profile"])
    .describe("Where it was stored: <state>/.env, or a profile in the default agent's auth store."),
  file: z.string().describe("The file it was stored in."),
  envKey: z.string().nullable().describe("The variable (dotenv only)."),
  agentId: z.string().nullable().describe("The agent (profile only)."),
  profileId: z.string().nullable().describe("The profile (profile only)."),
  fingerprint: z.string().describe("The stored credential's fingerprint."),
  expires: z.number().nullable().describe("When a token expires, in ms since the epoch."),
  changed: z.boolean().describe("False when the same credential was there already."),
  replaced: z
    .object({ fingerprint: z.string(), reason: z.string().nullable() })
    .nullable()
    .describe("The different credential it replaced, and why that one could not work."),
  notes: z.array(z.string()).describe("What else the edits did, in words."),
  effective: z
    .object({ label: z.string(), fingerprint: z.string() })
    .nullable()
    .describe("The credential `models status` now says the gateway uses (null: none usable)."),
});

export const onboardSchema = z
  .object({
    schemaVersion,
    tool,
    stateDir,
    changed: z.boolean().describe("Whether onboarding wrote anything."),
    runId: z
      .string()
      .nullable()
      .describe("Onboarding's run in the history, when it wrote (`clawdia doctor --undo` takes it back)."),
    housekeeping: z.array(z.string()).describe("What the migrations and the Claude Code sync did first, in words."),
    credentials: z.array(credential).describe("One per provider onboarded."),
    daemon: z
      .object({ kind: z.enum(["systemd", "launchd"]), file: z.string(), restartCommand: z.string() })
      .nullable()
      .describe("The installed gateway daemon (null: none)."),
    restartCommand: z
      .string()
      .nullable()
      .describe("The command to run so the daemon reads the change (null: nothing to restart)."),
    checks: z
      .object({
        exitCode: z.literal([0, 1, 2]),
        runId: z.string().nullable().describe("The run of safe repairs the checks applied, if any."),
        findings: z.array(
          z.object({
            ruleId: z.string(),
            severity: z.enum(["error", "warning", "info"]),
            message: z.string(),
            advice: z.array(z.string()),
          }),
        ),
      })
      .describe("What `clawdia doctor --non-interactive` finds on the new state."),
    exitCode: z.literal([0, 1]).describe("The process exit code: 1 when an error-level finding is left."),
  })
  .meta({ title: "Clawdia onboard summary", description: "The output of `clawdia onboard --non-interactive --json`." });
