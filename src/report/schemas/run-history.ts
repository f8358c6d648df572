// The schema of `clawdia doctor --history --json`: the runs that wrote, and what --undo can take back.
import * as z from "zod";
import { schemaVersion, stateDir } from "./common.js";

export const RUN_HISTORY_SCHEMA_ID = "https://clawdia.dev/schema/history.json";

export const runHistorySchema = z
  .object({
    schemaVersion,
    stateDir,
    historyPath: z.string().describe("The history file, <state>/doctor/history.jsonl."),
    runs: z
      .array(
        z.object({
          runId: z.string(),
          kind: z.enum(["run", "undo"]),
          at: z.string().describe("When it ran (ISO 8601, as recorded)."),
          command: z.string().nullable().describe("The command line that wrote."),
          undoes: z.string().nullable().describe("The run an undo takes back."),
          status: z
            .enum(["undoable", "undone", "pruned", "interrupted"])
            .describe("pruned: its backups are gone; interrupted: `clawdia doctor --undo` puts its files back."),
          undoneBy: z.string().nullable().describe("The undo that took it back."),
          files: z.array(z.string()).describe("The files it wrote."),
        }),
      )
      .describe("Oldest first."),
  })
  .meta({ title: "Clawdia run history", description: "The output of `clawdia doctor --history --json`." });
