// The immutable snapshot every stage reads: raw files plus their parsed, typed views. Pure: it is
// built from a RawState, so the engine can build one for the state "as it would be" after a plan.
import { agentStorePath } from "../paths.js";
import { parseClaudeCode, type ClaudeCodeState } from "./claude-code.js";
import { viewDaemon, type DaemonState } from "../daemon/view.js";
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
  agentById: Map<string, AgentState>;
  /** Every stored profile of every agent. */
  profiles: StoredProfile[];
  claudeCode: ClaudeCodeState;
  /** The installed gateway daemon's definition; absent when the state was read without it. */
  daemon?: DaemonState;
}

// Snapshots and parsed files are cached by identity: the engine builds snapshots of the same state,
// and of states that differ in one or two files, several times per run.
const snapshots = new WeakMap<RawState, Snapshot>();
const documents = new WeakMap<RawFile, JsonDocument>();
const storeViews = new WeakMap<RawFile, StoreView>();

export function buildSnapshot(raw: RawState): Snapshot {
  const cached = snapshots.get(raw);
  if (cached) return cached;
  const snapshot = parseState(raw);
  snapshots.set(raw, snapshot);
  return snapshot;
}

function parseState(raw: RawState): Snapshot {
  const config = parseDocument(raw.config);
  const configView = viewConfig(config.value);
  const configured = new Set(configView.agentIds);
  const agentIds = new Set([...configView.agentIds, ...raw.agentDirs, ...raw.stores.keys()]);
  const agents = [...agentIds].map((id) => {
    const file = raw.stores.get(id) ?? { path: agentStorePath(raw.paths, id), status: "missing" as const };
    const store = parseDocument(file);
    return {
      id,
      inConfig: configured.has(id),
      isDefault: id === configView.defaultAgentId,
      store,
      view: storeView(file, store.value, id),
    };
  });
  return {
    raw,
    config,
    configView,
    dotenv: { file: raw.dotenv, parsed: parseDotenv(raw.dotenv.text ?? "") },
    agents,
    agentById: new Map(agents.map((agent) => [agent.id, agent])),
    profiles: agents.flatMap((agent) => agent.view.profiles),
    claudeCode: parseClaudeCode(raw.claudeCode),
    daemon: raw.daemon && viewDaemon(raw.daemon, raw.paths, raw.dotenv),
  };
}

function storeView(file: RawFile, value: unknown, agentId: string): StoreView {
  let view = storeViews.get(file);
  if (!view) storeViews.set(file, (view = viewStore(value, agentId, file.path)));
  return view;
}

export function parseDocument(file: RawFile): JsonDocument {
  let document = documents.get(file);
  if (!document) {
    const { value, problems } = file.text === undefined ? { value: undefined, problems: [] } : parseJsonc(file.text);
    document = { file, value, problems };
    documents.set(file, document);
  }
  return document;
}
