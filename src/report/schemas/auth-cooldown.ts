// The schema of `clawdia models auth cooldown clear --json`.
import * as z from "zod";
import { schemaVersion } from "./common.js";

export const AUTH_COOLDOWN_SCHEMA_ID = "https://clawdia.dev/schema/auth-cooldown.json";

export const authCooldownSchema = z
  .object({
    schemaVersion,
    agent: z.string().describe("The agent whose auth store holds the cooldowns."),
    provider: z.string().describe("The provider whose profiles were cleared."),
    dryRun: z.boolean().describe("True with --dry-run: nothing was written."),
    cleared: z
      .array(
        z.object({
          profileId: z.string(),
          cooldownUntil: z
            .number()
            .optional()
            .describe("The cooldown that was recorded (ms since the epoch); removed."),
          errorCount: z.number().optional().describe("The error count that was recorded; set to 0."),
        }),
      )
      .describe(
        "The profiles whose cooldown or error count was (with --dry-run: would be) cleared; empty: nothing to clear.",
      ),
    runId: z
      .string()
      .optional()
      .describe("The run that wrote it (clawdia doctor --undo takes it back); absent when nothing was written."),
  })
  .meta({
    title: "Clawdia auth cooldown clear",
    description: "The output of `clawdia models auth cooldown clear --json`.",
  });
