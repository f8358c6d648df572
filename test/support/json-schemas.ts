// Validates a --json output against its published schema/<name>.schema.json with ajv (draft
// 2020-12, the draft zod writes; formats such as date-time checked too).
import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { ROOT } from "./cli.js";

// ajv-formats is CommonJS: under Node's ES module rules its default export is module.exports.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

export function publishedSchema(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(ROOT, `schema/${name}.schema.json`), "utf8"));
}

/** Every way `value` breaks schema/<name>.schema.json, as "/json/pointer: message" lines; [] when valid. */
export function schemaErrors(name: string, value: unknown): string[] {
  const schema = publishedSchema(name);
  const validate = ajv.getSchema(schema.$id) ?? ajv.compile(schema);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message}`);
}
