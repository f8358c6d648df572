// The schema of the config keys this project owns (DESIGN.md §1). Objects are loose: keys the gateway
// owns pass untouched; unknown keys directly under a section we own are listed by unknownOwnedKeys.
// zod/mini rather than zod: the same checks at a twentieth of the bundle, which is most of doctor's start-up.
import * as z from "zod/mini";
import type { JsonPath } from "./json-problems.js";
import { BACKUPS_KEEP, isObject } from "./views.js";

const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const AgentSchema = z.looseObject({
  // Agent ids become directory names under <state>/agents/.
  id: z
    .string()
    .check(
      z.maxLength(128),
      z.regex(AGENT_ID, { error: 'expected letters, digits, ".", "_" and "-", starting with a letter or digit' }),
    ),
  default: z.optional(z.boolean()),
});

const AgentListSchema = z.array(AgentSchema).check(
  z.superRefine((list, ctx) => {
    const seen = new Set<string>();
    let defaultAgent: string | undefined;
    list.forEach((agent, index) => {
      if (seen.has(agent.id))
        ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate agent id "${agent.id}"` });
      seen.add(agent.id);
      if (agent.default !== true) return;
      if (defaultAgent === undefined) defaultAgent = agent.id;
      else
        ctx.addIssue({
          code: "custom",
          path: [index, "default"],
          message: `only one agent can be the default ("${defaultAgent}" is used)`,
        });
    });
  }),
);

const MetaSchema = z.looseObject({
  lastTouchedVersion: z.optional(z.string()),
  lastTouchedAt: z.optional(z.string()),
});

const AuthSchema = z.looseObject({
  profiles: z.optional(
    z.record(
      z.string(),
      z.looseObject({ provider: z.optional(z.string()), mode: z.optional(z.enum(["api_key", "oauth", "token"])) }),
    ),
  ),
  order: z.optional(z.record(z.string(), z.array(z.string()))),
  expiryWarnHours: z.optional(z.number().check(z.nonnegative())),
});

const EnvSchema = z.looseObject({
  shellEnv: z.optional(
    z.looseObject({ enabled: z.optional(z.boolean()), timeoutMs: z.optional(z.int().check(z.positive())) }),
  ),
  vars: z.optional(z.record(z.string(), z.string())),
});

const DoctorSchema = z.looseObject({
  backups: z.optional(
    z.looseObject({ keep: z.optional(z.int().check(z.gte(BACKUPS_KEEP.min), z.lte(BACKUPS_KEEP.max))) }),
  ),
});

export const ConfigSchema = z.looseObject({
  meta: z.optional(MetaSchema),
  agents: z.optional(z.looseObject({ list: z.optional(AgentListSchema) })),
  models: z.optional(
    z.looseObject({ default: z.optional(z.string()), aliases: z.optional(z.record(z.string(), z.string())) }),
  ),
  auth: z.optional(AuthSchema),
  env: z.optional(EnvSchema),
  doctor: z.optional(DoctorSchema),
});

/** Sections every key of which is ours; `agents` and `models` also hold keys the gateway owns. */
const OWNED_SECTIONS: Record<string, { shape: Record<string, unknown> }> = {
  meta: MetaSchema,
  auth: AuthSchema,
  env: EnvSchema,
  doctor: DoctorSchema,
};

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
