// Pieces every output's schema shares, and how a zod schema becomes a published JSON Schema. Like
// every file of this directory, only the build and the tests load it: zod is slow to import.
import * as z from "zod";

export const schemaVersion = z.literal(1).describe("Bumped only when a field is removed or changes type.");
export const tool = z
  .object({ name: z.literal("clawdia"), version: z.string() })
  .describe("The program that wrote it.");
export const stateDir = z.string().describe("The Clawdia state directory.");

/**
 * The JSON Schema document (draft 2020-12) of `schema`, identified by `id`. Objects stay open (no
 * additionalProperties: false) so that adding a field within schemaVersion 1 does not break
 * consumers that validate.
 */
export function jsonSchemaDocument(schema: z.ZodType, id: string): object {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: "input" });
  return { $schema, $id: id, ...rest };
}
