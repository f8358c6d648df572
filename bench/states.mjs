// Builds the state directories the benchmark runs against.
import fs from "node:fs";
import path from "node:path";

const YEAR = 365 * 24 * 3_600_000;

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 });
}

function store(agentIndex, profileCount) {
  const profiles = { "anthropic:default": { type: "api_key", provider: "anthropic", key: `sk-ant-api03-bench${agentIndex}` + "x".repeat(40) } };
  for (let i = 1; i < profileCount; i++) {
    profiles[`openrouter:p${i}`] = { type: "token", provider: "openrouter", token: `sk-or-v1-bench${agentIndex}p${i}` + "y".repeat(40), expires: Date.now() + YEAR };
  }
  return { version: 1, profiles, order: { anthropic: ["anthropic:default"] } };
}

/** A state dir with `agents` agents of `profiles` profiles each; returns its path. */
export function makeState(root, name, agents, profiles) {
  const stateDir = path.join(root, name);
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const list = Array.from({ length: agents }, (_, i) => ({ id: i === 0 ? "main" : `agent-${i}`, ...(i === 0 ? { default: true } : {}) }));
  writeJson(path.join(stateDir, "clawdia.json"), {
    agents: { list },
    models: { default: "anthropic/claude-opus-4-5", aliases: { fast: "openrouter/some-model" } },
    auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } },
  });
  list.forEach((agent, i) => writeJson(path.join(stateDir, "agents", agent.id, "agent", "auth-profiles.json"), store(i, profiles)));
  return stateDir;
}
