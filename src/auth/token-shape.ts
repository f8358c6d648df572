// What a pasted credential must look like before it is stored: the shapes of credential-shape.ts,
// said of "the token" or "the key".
import { credentialValueProblem } from "./credential-shape.js";

/** Why `token` cannot be stored as a static token for `provider`, or undefined when it can. */
export function tokenProblem(token: string, provider: string): string | undefined {
  const problem = credentialValueProblem(provider, token, "token");
  return problem && `the token ${problem}`;
}

/** Why `key` cannot be used as an API key for `provider`, or undefined when it can. */
export function apiKeyProblem(key: string, provider: string): string | undefined {
  const problem = credentialValueProblem(provider, key, "api_key");
  return problem && `the key ${problem}`;
}
