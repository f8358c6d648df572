import { defineRule } from "../../src/rule.js";
import { CLAUDE_CLI_PROFILE } from "../../src/auth/advice.js";
import { modeAccepts } from "../../src/auth/credentials.js";
import { providerOfSecret } from "../../src/auth/providers.js";
import { displayPath } from "../../src/paths.js";
import { formatJsonPath } from "../../src/snapshot/json-problems.js";
import type { StoredProfile } from "../../src/snapshot/views.js";
import type { RuleFinding } from "../../src/types.js";

const MODES = ["api_key", "oauth", "token"];
const TYPE_WORDS: Record<string, string> = { api_key: "an API key", oauth: "an OAuth credential", token: "a token" };

export default defineRule({
  id: "auth/profile-mode-mismatch",
  title: "A configured profile disagrees with its stored credential",
  severity: "warning",
  // Changing the mode changes which credentials the gateway accepts: the user's call, so unsafe.
  fix: "unsafe",
  docs: `auth.profiles[id].mode says which credential type the gateway accepts for a profile (mode "oauth"
accepts OAuth and setup-token credentials), and .provider which provider it is for. When an agent's
auth store holds a credential of another type or provider under that id, the gateway skips it.

Bad:  auth.profiles["anthropic:default"].mode is "api_key", but the store holds a token under it.
Good: mode "oauth" (accepts the token), or store an API key under anthropic:default.

When the provider disagrees and the profile id's prefix and the credential itself say what the
config says ("anthropic:claude-cli" holding an sk-ant- token with provider "openrouter" in the store),
the advice is to correct the store's provider field; otherwise the config's.

Fix (unsafe, with --fix): set the mode to the one that accepts what is stored, when every agent's
store agrees on it.`,
  examples: {
    bad: [
      {
        caption: 'mode "api_key", but the store holds a token under that id',
        config: { auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } } },
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:default": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-EXAMPLEtokenEXAMPLEtoken",
              },
            },
          },
        },
      },
    ],
    good: [
      {
        caption: 'mode "oauth" accepts the token',
        config: { auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "oauth" } } } },
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:default": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-EXAMPLEtokenEXAMPLEtoken",
              },
            },
          },
        },
      },
    ],
  },
  check({ snapshot, config, paths }) {
    const findings: RuleFinding[] = [];
    const configFile = displayPath(paths.configPath, paths.home);
    for (const [id, configured] of Object.entries(config.profiles)) {
      const storedUnderId = snapshot.profiles.filter((profile) => profile.id === id);
      const neededModes = new Set(storedUnderId.filter((p) => TYPE_WORDS[p.type]).map(modeFor));
      for (const stored of storedUnderId) {
        const mode = configured.mode;
        // Unknown modes and types are schema problems, reported by config/invalid and store/invalid.
        if (mode && MODES.includes(mode) && TYPE_WORDS[stored.type] && !modeAccepts(mode, stored.type)) {
          const modePath = ["auth", "profiles", id, "mode"];
          findings.push({
            message: `${id} (agent ${stored.agentId}) holds ${TYPE_WORDS[stored.type]}, but ${formatJsonPath(modePath)} is "${mode}"`,
            subject: {
              agentId: stored.agentId,
              profileId: id,
              provider: stored.provider,
              file: paths.configPath,
              path: modePath,
            },
            advice: [
              `set ${formatJsonPath(modePath)} to "${modeFor(stored)}" in ${configFile}`,
              `or store ${mode === "api_key" ? "an API key" : "a token"} under it: ${addCommand(mode, stored.provider, id)}`,
            ],
            ...(neededModes.size === 1
              ? {
                  fix: {
                    title: `set ${formatJsonPath(modePath)} to "${modeFor(stored)}"`,
                    ops: [
                      { kind: "json-set" as const, file: paths.configPath, path: modePath, value: modeFor(stored) },
                    ],
                  },
                }
              : {}),
          });
        }
        if (configured.provider && configured.provider !== stored.provider) {
          const providerPath = ["auth", "profiles", id, "provider"];
          const message = `${id} (agent ${stored.agentId}) holds a credential for ${stored.provider}, but ${formatJsonPath(providerPath)} is "${configured.provider}"`;
          if (storeIsOddOneOut(id, configured.provider, stored)) {
            // The id's prefix and the credential itself say what the config says: the store's field is the slip.
            const storePath = ["profiles", id, "provider"];
            findings.push({
              message,
              subject: {
                agentId: stored.agentId,
                profileId: id,
                provider: configured.provider,
                file: stored.storePath,
                path: storePath,
              },
              advice: [
                `set ${formatJsonPath(storePath)} to "${configured.provider}" in ${displayPath(stored.storePath, paths.home)}`,
              ],
            });
            continue;
          }
          findings.push({
            message,
            subject: {
              agentId: stored.agentId,
              profileId: id,
              provider: stored.provider,
              file: paths.configPath,
              path: providerPath,
            },
            advice: [
              `set ${formatJsonPath(providerPath)} to "${stored.provider}" in ${configFile}`,
              `or store a credential for ${configured.provider} under it: ${addCommand(mode ?? "token", configured.provider, id)}`,
            ],
          });
        }
      }
    }
    return findings;
  },
});

/**
 * Whether only the store's `provider` field disagrees: the id's prefix names the configured provider
 * and the credential's own prefix (when it has a known one) does too.
 */
function storeIsOddOneOut(id: string, configuredProvider: string, stored: StoredProfile): boolean {
  const fromSecret = providerOfSecret(stored.secret);
  return id.split(":")[0] === configuredProvider && (fromSecret === undefined || fromSecret === configuredProvider);
}

/** The mode that accepts what is stored; "oauth" for the Claude Code profile, as the docs set it. */
function modeFor(profile: StoredProfile): string {
  if (profile.type === "token" && profile.id !== CLAUDE_CLI_PROFILE) return "token";
  return profile.type === "api_key" ? "api_key" : "oauth";
}

function addCommand(mode: string, provider: string, id: string): string {
  return mode === "api_key"
    ? `clawdia onboard --non-interactive --provider ${provider} --auth-choice api-key --store profile --profile-id ${id}`
    : `clawdia models auth paste-token --provider ${provider} --profile-id ${id}`;
}
