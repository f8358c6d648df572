// The flags of `clawdia onboard`, checked before anything is read or asked (bad usage is exit 64).
import { CLAUDE_CLI_PROFILE } from "../auth/advice.js";
import { SETUP_TOKEN_LIFETIME_MS } from "../auth/providers.js";
import { checkTokenProfileId } from "../auth/store-token.js";
import { parseDuration } from "../duration.js";
import { UsageError } from "../errors.js";
import type { Snapshot } from "../snapshot/snapshot.js";
import type { AuthChoice, KeyStore } from "./types.js";

export interface OnboardFlags {
  nonInteractive?: boolean;
  provider?: string;
  authChoice?: AuthChoice;
  store?: KeyStore;
  profileId?: string;
  expiresIn?: string;
  json?: boolean;
}

/** What a provisioning script asked for, before the state is read. */
export interface ScriptRequest {
  provider: string;
  choice: AuthChoice;
  store?: KeyStore;
  profileId?: string;
  expiresInMs?: number;
  json: boolean;
}

const SCRIPT_ONLY = ["provider", "authChoice", "store", "profileId", "expiresIn", "json"] as const;
const FLAG_NAMES: Record<(typeof SCRIPT_ONLY)[number], string> = {
  provider: "--provider",
  authChoice: "--auth-choice",
  store: "--store",
  profileId: "--profile-id",
  expiresIn: "--expires-in",
  json: "--json",
};

/** The wizard asks for everything; these flags are for --non-interactive. */
export function assertWizardFlags(flags: OnboardFlags): void {
  const given = SCRIPT_ONLY.filter((name) => flags[name] !== undefined).map((name) => FLAG_NAMES[name]);
  if (given.length)
    throw new UsageError(
      `${given.join(", ")} ${given.length === 1 ? "is" : "are"} for --non-interactive; without it, \`clawdia onboard\` asks on the terminal`,
    );
}

export function parseScriptFlags(flags: OnboardFlags): ScriptRequest {
  if (!flags.provider) throw new UsageError("--non-interactive needs --provider (e.g. anthropic, openai, openrouter)");
  if (!flags.authChoice) throw new UsageError("--non-interactive needs --auth-choice api-key|setup-token|token");
  const provider = flags.provider.toLowerCase();
  const choice = flags.authChoice;
  if (choice === "setup-token" && provider !== "anthropic") {
    throw new UsageError(
      `--auth-choice setup-token is for --provider anthropic only (got "${provider}"); use --auth-choice api-key or token`,
    );
  }
  if (choice !== "api-key" && flags.store === "dotenv")
    throw new UsageError(`--store dotenv is for API keys; a ${choice} is stored as a profile`);
  if (flags.store === "dotenv" && flags.profileId !== undefined)
    throw new UsageError("--profile-id names a profile: use it with --store profile, not --store dotenv");
  if (choice === "api-key" && flags.expiresIn !== undefined)
    throw new UsageError("API keys do not expire: --expires-in is for --auth-choice token or setup-token");
  if (choice === "setup-token" && flags.profileId !== undefined && flags.profileId !== CLAUDE_CLI_PROFILE) {
    throw new UsageError(
      `a setup-token is stored as ${CLAUDE_CLI_PROFILE}; for another profile id use --auth-choice token`,
    );
  }
  // A setup-token is valid for a year (Claude Code says so when it prints one); other tokens say nothing.
  const expiresInMs =
    flags.expiresIn !== undefined
      ? parseDuration(flags.expiresIn, "--expires-in")
      : choice === "setup-token"
        ? SETUP_TOKEN_LIFETIME_MS
        : undefined;
  const store = flags.store ?? (choice !== "api-key" || flags.profileId !== undefined ? "profile" : undefined);
  return { provider, choice, store, profileId: flags.profileId, expiresInMs, json: !!flags.json };
}

/** The profile a credential goes to: --profile-id, else <provider>:default (API key), :manual (token). */
export function resolveProfileId(
  snapshot: Snapshot,
  provider: string,
  choice: AuthChoice,
  requested: string | undefined,
): string {
  if (choice === "setup-token") return CLAUDE_CLI_PROFILE;
  if (requested === undefined) return `${provider}:${choice === "api-key" ? "default" : "manual"}`;
  if (requested === CLAUDE_CLI_PROFILE) {
    throw new UsageError(
      `${CLAUDE_CLI_PROFILE} holds Claude Code's credentials (the sync keeps it up to date); choose another --profile-id, or --auth-choice setup-token`,
    );
  }
  const configured = snapshot.configView.profiles[requested];
  if (configured) {
    // An id the config already registers (like "router:main" for openrouter) is fine for its provider.
    const owner = configured.provider ?? requested.split(":")[0];
    if (owner !== provider) throw new UsageError(`"${requested}" is configured for ${owner}, not ${provider}`);
    return requested;
  }
  checkTokenProfileId(provider, requested);
  return requested;
}

/** .env when a daemon is installed (it does not see the shell's variables), else a profile. */
export function defaultStore(daemonInstalled: boolean): KeyStore {
  return daemonInstalled ? "dotenv" : "profile";
}
