// The zod schema of the JSON report, published as JSON Schema. Kept apart from json.ts because zod is
// slow to import: only the build (schema/report.schema.json) and the tests load this file.
import * as z from "zod";
import { jsonSchemaDocument } from "./schemas/common.js";

export const REPORT_SCHEMA_ID = "https://clawdia.dev/schema/doctor-report.json";

const severity = z
  .enum(["error", "warning", "info"])
  .describe("How bad it is: error fails the run (exit 1), warning exits 2.");
const safety = z
  .enum(["safe", "unsafe", "manual"])
  .describe("safe: applied automatically; unsafe: needs --fix; manual: advice only, for the user to run.");
const jsonPath = z.array(z.union([z.string(), z.number()]));

const subject = z
  .object({
    agentId: z.string().optional().describe("The agent whose auth store this is about."),
    profileId: z.string().optional().describe('The auth profile, e.g. "anthropic:claude-cli".'),
    provider: z.string().optional().describe('The model provider, e.g. "anthropic".'),
    file: z.string().optional().describe("Absolute path of the file the finding is about."),
    path: jsonPath.optional().describe("JSON path inside `file`."),
    line: z.number().int().min(1).optional().describe("1-based line of `path` in `file`, when it could be found."),
    column: z.number().int().min(1).optional().describe("1-based column (UTF-16 code units) of `path` in `file`."),
  })
  .describe("What the finding is about.");

const finding = z
  .object({
    ruleId: z
      .string()
      .describe('The rule that reported it, `category/what-is-wrong`; "engine/…" for the engine itself.'),
    severity,
    message: z.string().describe("One line for people. Secrets are shown only as fingerprints."),
    subject,
    advice: z.array(z.string()).describe("Commands for the user to run, in order of preference."),
    until: z.iso
      .datetime()
      .optional()
      .describe("When what it reports ends by itself (auth/provider-cooling-down: when the first profile comes back)."),
    fix: z
      .object({
        id: z.string().describe("The change that repairs it (matches `changes[].id`)."),
        title: z.string(),
        safety,
        applied: z.boolean().describe("Whether this run applied it."),
      })
      .optional()
      .describe("The repair, absent when there is only advice."),
  })
  .describe("A problem left after the run.");

const change = z
  .object({
    id: z.string(),
    title: z.string(),
    source: z.enum(["migration", "sync", "fix"]).describe("What proposed the change."),
    safety,
    status: z
      .enum(["applied", "would-apply", "needs-fix", "declined", "dropped", "manual"])
      .describe(
        "would-apply: --dry-run; needs-fix: run with --fix; dropped: the file changed on disk or could not be written.",
      ),
    files: z.array(z.string()).describe("The files it touches."),
    reason: z.string().optional().describe("Why it was not applied."),
  })
  .describe("A change planned by this run (migration, credential sync or fix).");

export const doctorReportSchema = z
  .object({
    schemaVersion: z.literal(1).describe("Bumped only when a field is removed or changes type."),
    tool: z.object({ name: z.literal("clawdia"), version: z.string() }).describe("The program that wrote the report."),
    stateDir: z.string().describe("The Clawdia state directory that was checked."),
    configPath: z.string().describe("The config file that was checked."),
    runId: z
      .string()
      .optional()
      .describe("Set when the run wrote files; `clawdia doctor --undo` restores its backups."),
    dryRun: z.boolean().describe("True with --dry-run: nothing was written."),
    exitCode: z
      .literal([0, 1, 2])
      .describe("The process exit code: 0 clean, 1 an error remains, 2 only warnings remain."),
    summary: z
      .object({
        errors: z.number().int().min(0),
        warnings: z.number().int().min(0),
        info: z.number().int().min(0),
        applied: z.number().int().min(0).describe("Changes applied by this run."),
        pending: z.number().int().min(0).describe("Changes not applied: would-apply, needs-fix, declined or dropped."),
      })
      .describe("Counts of `findings` by severity and of `changes` by outcome."),
    findings: z.array(finding).describe("The findings left after the run (after verify)."),
    changes: z.array(change),
    unverified: z.array(z.string()).describe("Fixes that were applied but whose finding is still there."),
    diff: z.string().optional().describe("Unified diff of the planned changes, secrets masked (only with --dry-run)."),
  })
  .meta({ title: "Clawdia doctor report", description: "The output of `clawdia doctor --json`." });

/** The JSON Schema published as schema/report.schema.json. */
export function reportJsonSchema(): object {
  return jsonSchemaDocument(doctorReportSchema, REPORT_SCHEMA_ID);
}
