// The schema of an agent auth store (DESIGN.md §1). Objects are loose: the gateway may add keys.
import * as z from "zod/mini"; // see config-schema.ts for why mini
import { secretField } from "./views.js";

const ProfileSchema = z
  .looseObject({
    type: z.enum(["oauth", "token", "api_key"]),
    provider: z.optional(z.string()),
    access: z.optional(z.string()),
    refresh: z.optional(z.string()),
    token: z.optional(z.string()),
    key: z.optional(z.string()),
    expires: z.optional(z.number()),
  })
  .check(
    z.superRefine((profile, ctx) => {
      // Times are milliseconds since the epoch; a value in seconds reads as a date in January 1970.
      const expires = profile.expires;
      if (expires !== undefined && expires < 0)
        ctx.addIssue({
          code: "custom",
          path: ["expires"],
          message: "must not be negative (milliseconds since the epoch)",
        });
      else if (expires !== undefined && expires > 0 && expires < 100_000_000_000) {
        ctx.addIssue({
          code: "custom",
          path: ["expires"],
          message: "looks like seconds since the epoch; Clawdia stores milliseconds (multiply by 1000)",
        });
      }
      // An OAuth profile can live on its refresh token alone; the others need their credential field.
      if (profile.type === "oauth" && (profile.access || profile.refresh)) return;
      const field = secretField(profile.type)!;
      const value = profile[field as "access" | "token" | "key"];
      if (value) return;
      const what = value === "" ? "empty" : "missing";
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: `${what}, a profile of type ${profile.type} keeps its credential here`,
      });
    }),
  );

const UsageStatsSchema = z.looseObject({
  lastUsed: z.optional(z.number()),
  errorCount: z.optional(z.number()),
  cooldownUntil: z.optional(z.number()),
  lastError: z.optional(z.string()),
});

export const StoreSchema = z.looseObject({
  version: z.optional(z.number()),
  profiles: z.optional(z.record(z.string(), ProfileSchema)),
  order: z.optional(z.record(z.string(), z.array(z.string()))),
  lastGood: z.optional(z.record(z.string(), z.string())),
  usageStats: z.optional(z.record(z.string(), UsageStatsSchema)),
});
