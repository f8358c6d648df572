// The schema of `clawdia doctor --list-rules --json`: every rule's declared metadata.
import * as z from "zod";

export const RULE_LIST_SCHEMA_ID = "https://clawdia.dev/schema/rules.json";

export const ruleListSchema = z
  .array(
    z.object({
      id: z.string().describe("`category/what-is-wrong`: what --only, --skip and --explain take."),
      title: z.string(),
      category: z.string(),
      severity: z.enum(["error", "warning", "info"]),
      fix: z
        .enum(["safe", "unsafe", "manual", "none"])
        .describe(
          "The class of its fixes: safe applied automatically, unsafe with --fix, manual advice only, none: it only reports.",
        ),
    }),
  )
  .meta({ title: "Clawdia doctor rules", description: "The output of `clawdia doctor --list-rules --json`." });
