// The immutable snapshot every stage reads: raw files plus their parsed, typed views. Pure: it is
// built from a RawState, so the engine can build one for the state "as it would be" after a plan.
import path from "node:path";
import { agentStorePath } from "../paths.js";
import { parseClaudeCode, type ClaudeCodeState } from "./claude-code.js";
import { parseDotenv, type ParsedDotenv } from "./dotenv.js";
import { parseJsonc, type ParseProblem } from "./jsonc.js";
import type { RawFile } from "./raw-file.js";
import type { RawState } from "./read-state.js";
import { viewConfig, viewStore, type ConfigView, type StoredProfile, type StoreView } from "./views.js";

export interface JsonDocument {
  file: RawFile;
  /** The parsed value; undefined when the file is missing, unreadable or does not parse. */
  value: unknown;
  problems: ParseProblem[];
}

export interface AgentState {
  id: string;
  inConfig: boolean;
  isDefault: boolean;
  store: JsonDocument;
  view: StoreView;
}

export interface Snapshot {
  raw: RawState;
  config: JsonDocument;
  configView: ConfigView;
  dotenv: { file: RawFile; parsed: ParsedDotenv };
  agents: AgentState[];
  /** Every stored profile of every agent. */
  profiles: StoredProfile[];
  claudeCode: ClaudeCodeState;
}

export function buildSnapshot(raw: RawState): Snapshot {
  const config = parseDocument(raw.config);
  const configView = viewConfig(config.value);
  const agentIds = new Set([...configView.agentIds, ...raw.agentDirs, ...raw.stores.keys()]);
  const agents = [...agentIds].map((id) => {
    const file = raw.stores.get(id) ?? { path: agentStorePath(raw.paths, id), status: "missing" as const };
    const store = parseDocument(file);
    return {
      id,
      inConfig: configView.agentIds.includes(id),
      isDefault: id === configView.defaultAgentId,
      store,
      view: viewStore(store.value, id, file.path),
    };
  });
  return {
    raw,
    config,
    configView,
    dotenv: { file: raw.dotenv, parsed: parseDotenv(raw.dotenv.text ?? "") },
    agents,
    profiles: agents.flatMap((agent) => agent.view.profiles),
    claudeCode: parseClaudeCode(raw.claudeCode),
  };
}

function parseDocument(file: RawFile): JsonDocument {
  if (file.text === undefined) return { file, value: undefined, problems: [] };
  const { value, problems } = parseJsonc(file.text);
  return { file, value, problems };
}

/** The agents whose stores live where `file` is, by path. */
export function agentForStore(snapshot: Snapshot, file: string): AgentState | undefined {
  return snapshot.agents.find((agent) => path.resolve(agent.store.file.path) === path.resolve(file));
}

/** Every file of the snapshot that holds or may hold secrets, with its raw entry. */
export function secretFiles(snapshot: Snapshot): RawFile[] {
  return [snapshot.config.file, snapshot.dotenv.file, ...snapshot.agents.map((agent) => agent.store.file)];
}
