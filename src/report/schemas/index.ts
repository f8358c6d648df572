// Every --json output's schema, by the name of its file under schema/ (schema/<name>.schema.json,
// exported as clawdia/schema/<name>.json). The build writes them; the tests validate against them.
import type * as z from "zod";
import { doctorReportSchema, REPORT_SCHEMA_ID } from "../json-schema.js";
import { AUTH_COOLDOWN_SCHEMA_ID, authCooldownSchema } from "./auth-cooldown.js";
import { AUTH_ORDER_SCHEMA_ID, authOrderSchema } from "./auth-order.js";
import { jsonSchemaDocument } from "./common.js";
import { MIGRATE_SCHEMA_ID, migrateSchema } from "./migrate.js";
import { MODELS_STATUS_SCHEMA_ID, modelsStatusSchema } from "./models-status.js";
import { ONBOARD_SCHEMA_ID, onboardSchema } from "./onboard.js";
import { RULE_LIST_SCHEMA_ID, ruleListSchema } from "./rule-list.js";
import { RUN_HISTORY_SCHEMA_ID, runHistorySchema } from "./run-history.js";
import { SUPPORT_BUNDLE_SCHEMA_ID, supportBundleSchema } from "./support-bundle.js";

export const OUTPUT_SCHEMAS: Record<string, { id: string; schema: z.ZodType }> = {
  report: { id: REPORT_SCHEMA_ID, schema: doctorReportSchema },
  "models-status": { id: MODELS_STATUS_SCHEMA_ID, schema: modelsStatusSchema },
  migrate: { id: MIGRATE_SCHEMA_ID, schema: migrateSchema },
  "support-bundle": { id: SUPPORT_BUNDLE_SCHEMA_ID, schema: supportBundleSchema },
  onboard: { id: ONBOARD_SCHEMA_ID, schema: onboardSchema },
  rules: { id: RULE_LIST_SCHEMA_ID, schema: ruleListSchema },
  "auth-order": { id: AUTH_ORDER_SCHEMA_ID, schema: authOrderSchema },
  "auth-cooldown": { id: AUTH_COOLDOWN_SCHEMA_ID, schema: authCooldownSchema },
  history: { id: RUN_HISTORY_SCHEMA_ID, schema: runHistorySchema },
};

/** Each schema file's content, by name. */
export function outputJsonSchemas(): Record<string, object> {
  return Object.fromEntries(
    Object.entries(OUTPUT_SCHEMAS).map(([name, { id, schema }]) => [name, jsonSchemaDocument(schema, id)]),
  );
}
