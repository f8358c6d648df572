// The schema of an agent auth store (DESIGN.md §1). Objects are loose: the gateway may add keys.
import { z } from "zod";
import { secretField } from "./views.js";

const ProfileSchema = z
  .looseObject({
    type: z.enum(["oauth", "token", "api_key"]),
    provider: z.string().optional(),
    access: z.string().optional(),
    refresh: z.string().optional(),
    token: z.string().optional(),
    key: z.string().optional(),
    expires: z.number().optional(),
  })
  .superRefine((profile, ctx) => {
    // An OAuth profile can live on its refresh token alone; the others need their credential field.
    if (profile.type === "oauth" && (profile.access || profile.refresh)) return;
    const field = secretField(profile.type)!;
    const value = profile[field as "access" | "token" | "key"];
    if (value) return;
    const what = value === "" ? "empty" : "missing";
    ctx.addIssue({ code: "custom", path: [field], message: `${what}, a profile of type ${profile.type} keeps its credential here` });
  });

const UsageStatsSchema = z.looseObject({
  lastUsed: z.number().optional(),
  errorCount: z.number().optional(),
  cooldownUntil: z.number().optional(),
  lastError: z.string().optional(),
});

export const StoreSchema = z.looseObject({
  version: z.number().optional(),
  profiles: z.record(z.string(), ProfileSchema).optional(),
  order: z.record(z.string(), z.array(z.string())).optional(),
  lastGood: z.record(z.string(), z.string()).optional(),
  usageStats: z.record(z.string(), UsageStatsSchema).optional(),
});
