// `clawdia models auth paste-token --provider P [--profile-id ID] [--expires-in D] [--agent ID]`.
import { tokenProblem } from "../auth/token-shape.js";
import { parseDuration } from "../duration.js";
import { UserError } from "../errors.js";
import { checkProvider, chooseAgent, openState } from "./open-state.js";
import { printOut } from "./output.js";
import { readSecret } from "./read-secret.js";
import { checkTokenProfileId, storeToken } from "./store-token.js";

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
  printOut(`${result.message}\nCheck it: clawdia models status`);
  return 0;
}
