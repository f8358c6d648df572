// The schema of `clawdia models status --json` (and of models-status.json in a support bundle).
import * as z from "zod";
import { schemaVersion, stateDir, tool } from "./common.js";

export const MODELS_STATUS_SCHEMA_ID = "https://clawdia.dev/schema/models-status.json";

const health = z
  .enum(["ok", "expiring", "cooling-down", "expired", "missing", "broken"])
  .describe(
    "As --check judges it: expiring and cooling-down (every candidate resting after errors) exit 2; expired, missing and broken (the state cannot be read) exit 1.",
  );

const comesBackAt = z.iso.datetime().optional();

const effective = z
  .object({
    kind: z
      .string()
      .describe(
        'Where it comes from: "store", or a source of the gateway\'s environment ("env", "dotenv", "config", "unit", "environment-file", "plist", …).',
      ),
    label: z.string().describe("The same, in words."),
    fingerprint: z.string().describe("The credential's fingerprint (never the credential)."),
    profileId: z.string().optional().describe("The auth profile, when it comes from the store."),
  })
  .describe("The credential the gateway will use.");

const profile = z.object({
  id: z.string().describe('The profile id, e.g. "anthropic:default".'),
  type: z.string().describe("The stored credential's type: api_key, oauth or token."),
  fingerprint: z.string().optional(),
  status: z.enum(["ok", "expiring", "expired", "missing", "static", "invalid"]),
  expires: z.number().optional().describe("When the stored credential expires, in ms since the epoch."),
  refreshable: z.boolean().describe("An OAuth credential with a refresh token: Clawdia refreshes it on use."),
  cooldownUntil: z
    .number()
    .optional()
    .describe(
      "Until when the gateway rests this profile after errors (ms since the epoch), as recorded (it may have passed).",
    ),
  comesBackAt: comesBackAt.describe("When a cooldown still running ends (absent: the profile is not resting)."),
  errorCount: z.number().optional().describe("The failed requests the gateway counted since the profile last worked."),
});

const resolution = z
  .object({
    provider: z.string(),
    orderSource: z
      .enum(["session-pin", "agent-order", "config-order", "configured-profiles", "stored-profiles"])
      .describe("Where the order came from."),
    order: z
      .array(z.string())
      .describe("The profile ids in the order the gateway considers them, before any is left out."),
    candidates: z
      .array(z.object({ profileId: z.string(), type: z.string(), cooldownUntil: z.number().optional() }))
      .describe("The profiles it will try, in order."),
    excluded: z
      .array(z.object({ profileId: z.string(), reason: z.string() }))
      .describe("The profiles left out, and why."),
    next: z.string().optional().describe("The profile the next request would use."),
  })
  .describe("Which profiles the gateway tries, in order.");

const provider = z.object({
  provider: z.string(),
  inUseBy: z
    .array(z.string())
    .describe(
      "What puts the provider in use (the default model, an alias, a configured profile); empty: shown, never failing the check.",
    ),
  envKey: z.string().describe("The provider's key variable, e.g. ANTHROPIC_API_KEY."),
  effective: effective.optional(),
  health,
  problem: z.string().optional().describe("Why the health is what it is, in words."),
  comesBackAt: comesBackAt.describe('With health "cooling-down": when the first candidate comes back.'),
  profiles: z.array(profile),
  resolution,
  daemon: z
    .object({
      sees: z
        .enum(["yes", "no", "unknown"])
        .describe("unknown: systemd passes the variable from its own environment (PassEnvironment=)."),
      source: z.object({ kind: z.string(), label: z.string() }).optional(),
      fingerprint: z.string().optional(),
      onlyInThisShell: z.boolean().optional().describe("This shell has the key the daemon lacks."),
      dependsOnSystemdVersion: z
        .string()
        .optional()
        .describe(
          'With systemd\'s version unknown, how the answer depends on it ("… is set on systemd ≥ 254 but not on older versions").',
        ),
    })
    .optional()
    .describe("Whether the installed gateway daemon sees a credential (absent: no daemon installed)."),
  unreadable: z
    .array(
      z.object({
        file: z.string(),
        line: z.number().optional(),
        column: z.number().optional(),
        message: z.string().describe("In words, with the position."),
      }),
    )
    .optional()
    .describe('The files that could not be read or parsed, when the health is "broken".'),
  shell: z
    .object({ health, effective: effective.optional(), problem: z.string().optional(), comesBackAt })
    .optional()
    .describe("With the verdict from the daemon's view: this shell's view, when it differs."),
});

export const modelsStatusSchema = z
  .object({
    schemaVersion,
    tool,
    generatedAt: z.iso.datetime().describe("When the status was made."),
    notes: z.array(z.string()).describe("What was done on the way (migrations, the Claude Code sync), in words."),
    stateDir,
    configPath: z.string().describe("The config file."),
    defaultModel: z.string().describe("The default model, as the gateway reads it."),
    defaultAgentId: z.string().describe("The default agent."),
    expiryWarnHours: z.number().describe("How long before its expiry a static token counts as expiring."),
    configProblems: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
      .describe("Config values of the wrong type that the verdict reads: ignored, the defaults used."),
    agents: z
      .array(z.object({ agentId: z.string(), isDefault: z.boolean(), providers: z.array(provider) }))
      .describe("Per agent, every provider in use or with profiles."),
    exitCode: z
      .literal([0, 1, 2])
      .describe(
        "The exit code of --check: 0 ok, 1 expired, missing or unreadable, 2 expiring or every candidate cooling down.",
      ),
    daemon: z
      .object({
        kind: z.enum(["systemd", "launchd"]).optional(),
        installed: z.boolean(),
        file: z.string().optional().describe("The unit file or plist (the one expected, when none is installed)."),
        restartCommand: z.string().optional(),
        systemdVersion: z
          .number()
          .int()
          .optional()
          .describe("The version `systemctl --version` gave, for a systemd unit (absent: unknown, or not asked)."),
      })
      .optional()
      .describe("The gateway daemon for this user, when this platform has one."),
    verdict: z
      .object({ viewpoint: z.enum(["daemon", "shell"]), description: z.string() })
      .describe("Whose environment health and exitCode describe: the installed daemon's, or this shell's."),
    stateReadable: z
      .boolean()
      .describe("False when a file that decides a credential in use could not be read or parsed (then exitCode is 1)."),
  })
  .meta({ title: "Clawdia models status", description: "The output of `clawdia models status --json`." });
