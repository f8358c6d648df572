// JSON.stringify(value, null, 2) as a sequence of pieces, so that a report of 10,000 findings is
// printed (and masked) a piece at a time instead of as one string of megabytes and a masked copy.

/**
 * The pieces of JSON.stringify(value, null, 2): joined, they are exactly its text. Objects and arrays
 * are opened `depth` levels down (each member or element is then a piece of its own); below that a
 * value is one piece. Pieces end only between a member's name and its value, or between two members
 * or elements: never inside a string, so no secret and no key-shaped token straddles two pieces.
 */
export function* jsonPieces(value: unknown, depth: number, indent = ""): Generator<string> {
  if (
    depth <= 0 ||
    typeof value !== "object" ||
    value === null ||
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  ) {
    yield stringifyAt(value, indent);
    return;
  }
  const isArray = Array.isArray(value);
  // JSON.stringify leaves out members it cannot write (undefined, functions, symbols); in arrays they are null.
  const members: [string | undefined, unknown][] = isArray
    ? Array.from(value as unknown[], (item) => [undefined, item]) // holes too, as undefined
    : Object.entries(value).filter(([, member]) => isWritable(member));
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (members.length === 0) {
    yield open + close;
    return;
  }
  const inner = `${indent}  `;
  yield open;
  for (const [i, [name, member]] of members.entries()) {
    yield `${i === 0 ? "" : ","}\n${inner}${name === undefined ? "" : `${JSON.stringify(name)}: `}`;
    yield* jsonPieces(member, depth - 1, inner);
  }
  yield `\n${indent}${close}`;
}

/**
 * A value's JSON at this indentation (JSON.stringify never puts a raw line break inside a string);
 * what JSON cannot write (undefined, in an array) is null.
 */
function stringifyAt(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? "null";
  return indent === "" ? text : text.replaceAll("\n", `\n${indent}`);
}

function isWritable(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}
