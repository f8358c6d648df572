// Builds the state directories the benchmark runs against.
import fs from "node:fs";
import path from "node:path";

const YEAR = 365 * 24 * 3_600_000;

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n", { mode: 0o600 });
}

function store(agentIndex, profileCount, withFinding, withDanglingOrder) {
  const profiles = {
    "anthropic:default": {
      type: "api_key",
      provider: "anthropic",
      key: `sk-ant-api03-bench${agentIndex}` + "x".repeat(40),
    },
  };
  for (let i = 1; i < profileCount; i++) {
    // withFinding: the first token expires in 6 hours, inside the 24-hour warning window (auth/token-expiring).
    const expires = withFinding && i === 1 ? Date.now() + 6 * 3_600_000 : Date.now() + YEAR;
    profiles[`openrouter:p${i}`] = {
      type: "token",
      provider: "openrouter",
      token: `sk-or-v1-bench${agentIndex}p${i}` + "y".repeat(40),
      expires,
    };
  }
  // withDanglingOrder: the order names a profile that is gone, which doctor's safe fix drops (a store write).
  return {
    version: 1,
    profiles,
    order: { anthropic: withDanglingOrder ? ["anthropic:gone", "anthropic:default"] : ["anthropic:default"] },
  };
}

/**
 * A state dir with `agents` agents of `profiles` profiles each; returns its path. `withFinding`: every
 * agent has a token that expires soon, so each one gives doctor a finding to report (and mask).
 * `withDanglingOrder`: every agent's store has a fix to write (auth/order-unknown-profile).
 */
export function makeState(root, name, agents, profiles, { withFinding = false, withDanglingOrder = false } = {}) {
  const stateDir = path.join(root, name);
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const list = Array.from({ length: agents }, (_, i) => ({
    id: i === 0 ? "main" : `agent-${i}`,
    ...(i === 0 ? { default: true } : {}),
  }));
  writeJson(path.join(stateDir, "clawdia.json"), {
    agents: { list },
    models: { default: "anthropic/claude-opus-4-5", aliases: { fast: "openrouter/some-model" } },
    auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } },
  });
  list.forEach((agent, i) =>
    writeJson(
      path.join(stateDir, "agents", agent.id, "agent", "auth-profiles.json"),
      store(i, profiles, withFinding, withDanglingOrder),
    ),
  );
  return stateDir;
}

/** A ~1 MB config with thousands of agents (and two legacy keys for `migrate` to move). */
export function makeBigLegacyConfig(root, name) {
  const stateDir = path.join(root, name);
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const list = Array.from({ length: 9000 }, (_, i) => ({ id: `agent-${i}`, default: i === 0, note: "x".repeat(60) }));
  writeJson(path.join(stateDir, "clawdia.json"), {
    gateway: { port: 8080, token: "bench-gateway-token-0000000000" },
    agent: { model: "anthropic/claude-opus-4-5" },
    agents: { list },
  });
  return stateDir;
}

/** 1,000 agent directories, each with a flat legacy auth.json to merge. */
export function makeLegacyAgentDirs(root, name, count) {
  const stateDir = path.join(root, name);
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  for (let i = 0; i < count; i++) {
    const file = path.join(stateDir, "agents", `agent-${i}`, "agent", "auth.json");
    writeJson(file, {
      anthropic: { apiKey: `sk-ant-api03-bench${i}` + "k".repeat(40) },
      openrouter: `sk-or-v1-bench${i}` + "o".repeat(40),
    });
  }
  return stateDir;
}

/** A one-agent state whose config is an array nested `depth` levels deep (the gateway's JSON.parse reads it). */
export function makeDeepConfig(root, name, depth) {
  const stateDir = makeState(root, name, 1, 2);
  fs.writeFileSync(path.join(stateDir, "clawdia.json"), '{ "x": ' + "[".repeat(depth) + "]".repeat(depth) + " }\n", {
    mode: 0o600,
  });
  return stateDir;
}

/** A home with the gateway's systemd user unit holding `body` after its [Service] header; returns the home. */
export function makeUnitHome(root, name, body) {
  const unitDir = path.join(root, name, ".config", "systemd", "user");
  fs.mkdirSync(unitDir, { recursive: true });
  fs.writeFileSync(
    path.join(unitDir, "clawdia-gateway.service"),
    `[Service]\nExecStart=/usr/local/bin/clawdia gateway\n${body}`,
  );
  return path.join(root, name);
}
