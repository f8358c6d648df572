// `clawdia models auth paste-token --provider P [--profile-id ID] [--expires-in D] [--agent ID]`.
import { SETUP_TOKEN_PREFIX } from "../auth/providers.js";
import { tokenProblem } from "../auth/token-shape.js";
import { parseDuration } from "../duration.js";
import { UserError } from "../errors.js";
import { checkProvider, chooseAgent, openState } from "../engine/open-state.js";
import { printOut } from "../output.js";
import { readSecret } from "../auth/read-secret.js";
import { checkTokenProfileId, storeToken } from "../auth/store-token.js";

interface PasteFlags {
  provider: string;
  profileId?: string;
  expiresIn?: string;
  agent?: string;
}

export async function pasteTokenAction(flags: PasteFlags, stateDir: string | undefined): Promise<number> {
  // Every flag is checked before the token is asked for, and nothing is written on any refusal.
  const profileId = flags.profileId ?? `${flags.provider}:manual`;
  checkTokenProfileId(flags.provider, profileId);
  const lifetime = flags.expiresIn === undefined ? undefined : parseDuration(flags.expiresIn, "--expires-in");
  const state = await openState(stateDir, "models auth paste-token");
  checkProvider(state.snapshot, flags.provider);
  const agentId = chooseAgent(state.snapshot, flags.agent);
  const token = await readSecret(`Paste the ${flags.provider} token`);
  const problem = tokenProblem(token, flags.provider);
  if (problem) throw new UserError(`${problem}. Nothing was written.`, 1);
  const result = await storeToken(state, {
    agentId,
    profileId,
    provider: flags.provider,
    token,
    expires: lifetime === undefined ? undefined : state.now + lifetime,
    command: "models auth paste-token",
  });
  const noExpiry = lifetime === undefined ? `\n${noExpiryNote(flags, token)}` : "";
  printOut(`${result.message}${noExpiry}\nCheck it: clawdia models status`);
  return 0;
}

/** Without an expiry, "Token expiring" and `--check`'s exit 2 cannot warn before the token stops working. */
function noExpiryNote(flags: PasteFlags, token: string): string {
  const rerun = [
    "clawdia models auth paste-token",
    `--provider ${flags.provider}`,
    flags.profileId && `--profile-id ${flags.profileId}`,
    flags.agent && `--agent ${flags.agent}`,
  ]
    .filter(Boolean)
    .join(" ");
  const example = token.startsWith(SETUP_TOKEN_PREFIX) ? "365d (a Claude Code setup-token is valid for a year)" : "90d";
  return `No expiry was recorded, so Clawdia cannot warn you before this token stops working. To record one, paste it again with its lifetime: ${rerun} --expires-in ${example}`;
}
