// `models status --json`: the status with what every JSON output starts with. The bundle's
// models-status.json is the same document. Its schema: src/report/schemas/models-status.ts.
import { VERSION } from "../version.js";
import type { ModelsStatus } from "./status.js";

export interface ModelsStatusJson extends ModelsStatus {
  schemaVersion: 1;
  tool: { name: "clawdia"; version: string };
  generatedAt: string;
  notes: string[];
}

export function statusJson(status: ModelsStatus, now: number, notes: string[]): ModelsStatusJson {
  return {
    schemaVersion: 1,
    tool: { name: "clawdia", version: VERSION },
    generatedAt: new Date(now).toISOString(),
    notes,
    ...status,
  };
}
