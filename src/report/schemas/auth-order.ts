// The schema of `clawdia models auth order get|set|clear --json`.
import * as z from "zod";
import { schemaVersion } from "./common.js";

export const AUTH_ORDER_SCHEMA_ID = "https://clawdia.dev/schema/auth-order.json";

export const authOrderSchema = z
  .object({
    schemaVersion,
    agent: z.string().describe("The agent whose auth store holds the override."),
    provider: z.string(),
    order: z
      .array(z.string())
      .nullable()
      .describe("The agent's order override for the provider (after set or clear: the new one); null: none."),
    configOrder: z
      .array(z.string())
      .nullable()
      .optional()
      .describe("get only: the config's auth.order for the provider; null: none."),
    candidates: z.array(z.string()).optional().describe("get only: the profiles the gateway will try, in order."),
    next: z
      .string()
      .nullable()
      .optional()
      .describe("get only: the profile the next request would use; null: none usable."),
  })
  .meta({
    title: "Clawdia auth order",
    description: "The output of `clawdia models auth order get|set|clear --json`.",
  });
