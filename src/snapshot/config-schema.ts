// The schema of the config keys this project owns (DESIGN.md §1). Objects are loose: keys the gateway
// owns pass untouched; unknown keys directly under a section we own are listed by unknownOwnedKeys.
import { z } from "zod";
import type { JsonPath } from "./json-problems.js";
import { isObject } from "./views.js";

const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const AgentSchema = z.looseObject({
  // Agent ids become directory names under <state>/agents/.
  id: z
    .string()
    .max(128)
    .regex(AGENT_ID, { error: 'expected letters, digits, ".", "_" and "-", starting with a letter or digit' }),
  default: z.boolean().optional(),
});

const AgentListSchema = z.array(AgentSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  let defaultAgent: string | undefined;
  list.forEach((agent, index) => {
    if (seen.has(agent.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate agent id "${agent.id}"` });
    seen.add(agent.id);
    if (agent.default !== true) return;
    if (defaultAgent === undefined) defaultAgent = agent.id;
    else ctx.addIssue({ code: "custom", path: [index, "default"], message: `only one agent can be the default ("${defaultAgent}" is used)` });
  });
});

const MetaSchema = z.looseObject({
  lastTouchedVersion: z.string().optional(),
  lastTouchedAt: z.string().optional(),
});

const AuthSchema = z.looseObject({
  profiles: z
    .record(z.string(), z.looseObject({ provider: z.string().optional(), mode: z.enum(["api_key", "oauth", "token"]).optional() }))
    .optional(),
  order: z.record(z.string(), z.array(z.string())).optional(),
  expiryWarnHours: z.number().nonnegative().optional(),
});

const EnvSchema = z.looseObject({
  shellEnv: z.looseObject({ enabled: z.boolean().optional(), timeoutMs: z.number().int().positive().optional() }).optional(),
  vars: z.record(z.string(), z.string()).optional(),
});

export const ConfigSchema = z.looseObject({
  meta: MetaSchema.optional(),
  agents: z.looseObject({ list: AgentListSchema.optional() }).optional(),
  models: z.looseObject({ default: z.string().optional(), aliases: z.record(z.string(), z.string()).optional() }).optional(),
  auth: AuthSchema.optional(),
  env: EnvSchema.optional(),
});

/** Sections every key of which is ours; `agents` and `models` also hold keys the gateway owns. */
const OWNED_SECTIONS: Record<string, { shape: Record<string, unknown> }> = { meta: MetaSchema, auth: AuthSchema, env: EnvSchema };

/** Keys directly under an owned section that this project does not know: likely typos, kept as they are. */
export function unknownOwnedKeys(config: unknown): JsonPath[] {
  if (!isObject(config)) return [];
  const unknown: JsonPath[] = [];
  for (const [section, schema] of Object.entries(OWNED_SECTIONS)) {
    const value = config[section];
    if (!isObject(value)) continue;
    for (const key of Object.keys(value)) if (!(key in schema.shape)) unknown.push([section, key]);
  }
  return unknown;
}
