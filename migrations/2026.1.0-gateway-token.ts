import { defineMigration } from "../src/migration.js";
import { isObject, valueAt } from "../src/snapshot/views.js";

// 2026.1 moved the gateway's own access token under gateway.auth.
export default defineMigration({
  id: "gateway.token-to-gateway.auth.token",
  version: "2026.1.0",
  describe: "gateway.token → gateway.auth.token",
  plan({ snapshot, paths }) {
    const gateway = valueAt(snapshot.config.value, "gateway");
    if (!isObject(gateway) || typeof gateway.token !== "string") return [];
    const auth = gateway.auth;
    if (auth !== undefined && !isObject(auth)) return []; // an odd gateway.auth: state/legacy-leftovers reports it
    const current = isObject(auth) ? auth.token : undefined;
    if (current !== undefined && current !== gateway.token) return []; // both set and different: the user decides
    const file = paths.configPath;
    return [
      ...(current === undefined ? [{ kind: "json-set" as const, file, path: ["gateway", "auth", "token"], value: gateway.token }] : []),
      { kind: "json-set" as const, file, path: ["gateway", "token"], value: undefined },
    ];
  },
});
