// Keys given twice in one object. JSON parsers (the gateway's too) keep the last silently, which is
// how a hand edit "does nothing": the first occurrence is ignored.
import { visit } from "jsonc-parser";
import { positionAt, type TextPosition } from "./jsonc.js";

export interface DuplicateKey {
  path: (string | number)[];
  /** Where the ignored (earlier) and the used (last) occurrence are. */
  first: TextPosition;
  last: TextPosition;
}

/** Only for text that parses (jsonc-parser's visitor recurses like its parser). */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const objects: Map<string, number>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => void objects.push(new Map()),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (name, offset, _length, _line, _character, pathSupplier) => {
        const seen = objects[objects.length - 1];
        const earlier = seen.get(name);
        if (earlier !== undefined) found.push({ path: [...pathSupplier(), name], first: positionAt(text, earlier), last: positionAt(text, offset) });
        seen.set(name, offset);
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return found;
}
