// The schema of a support bundle's manifest.json, which `clawdia support-bundle --json` prints with
// the bundle's own path, size and hash.
import * as z from "zod";
import { schemaVersion, tool } from "./common.js";

export const SUPPORT_BUNDLE_SCHEMA_ID = "https://clawdia.dev/schema/support-bundle.json";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const supportBundleSchema = z
  .object({
    schemaVersion,
    tool,
    createdAt: z.iso.datetime().describe("When the bundle was made."),
    logSelection: z
      .object({ lines: z.number().int().min(0).optional(), since: z.iso.datetime().optional() })
      .describe("Which log lines were kept: the last `lines`, the lines since `since`, or both."),
    files: z
      .array(z.object({ name: z.string(), size: z.number().int().min(0), sha256 }))
      .describe("Every other file of the bundle, by its path inside the bundle."),
    redactions: z
      .object({
        total: z.number().int().min(0),
        byKind: z.record(z.string(), z.number().int().min(0)),
        distinctValues: z.number().int().min(0),
      })
      .describe("How many values were masked, by kind."),
    logs: z
      .array(
        z.object({
          name: z.string(),
          sourceBytes: z.number().int().min(0),
          readFrom: z.number().int().min(0).describe("The first byte of the source that was read."),
          linesKept: z.number().int().min(0),
          linesCut: z.number().int().min(0),
          error: z.string().optional(),
        }),
      )
      .describe("Each gateway log, and how much of it was kept."),
    notes: z.array(z.string()).describe("Sections that could not be made, and why."),
    bundle: z
      .object({ path: z.string(), size: z.number().int().min(0), sha256 })
      .optional()
      .describe("The bundle file itself (in the --json output only, not in manifest.json)."),
  })
  .meta({
    title: "Clawdia support bundle manifest",
    description: "manifest.json in a support bundle, and the output of `clawdia support-bundle --json`.",
  });
