// Finds the nodes along one JSON path in a single pass over every token that allocates almost
// nothing (jsonc-parser's parseTree builds a node for every value, which on a 1 MB config costs ten
// times more). json-locate.ts uses it when its faster pass meets text it does not understand.
import { visit } from "jsonc-parser";
import type { JsonPath, Located, LocatedNode, LocatedProperty } from "./json-locate.js";

interface Open extends LocatedNode {
  depth: number;
  onPath: boolean;
  lastKey?: string;
}

/** The reference locator: jsonc-parser's visitor over every token, tolerant of any syntax error. */
export function locateByVisit(text: string, path: JsonPath): Located {
  const nodes: (LocatedNode | undefined)[] = [];
  const stack: Open[] = [];
  let rootSeen = false;
  let property: LocatedProperty | undefined;
  /** The container the property was found in: only its own next member is the property's neighbour. */
  let propertyIn: Open | undefined;
  /** The container that holds the path's last key or index, while it is open. */
  const isTargetParent = (node: Open | undefined): node is Open =>
    !!node && node.onPath && node.depth === path.length - 1;
  /** A member begins in `top` at `offset`; `onPath` when it is the one the path ends at. */
  const beginMember = (top: Open | undefined, offset: number, onPath: boolean) => {
    if (!isTargetParent(top)) return;
    if (property && propertyIn === top && property.nextStart === -1 && property.valueEnd !== -1)
      property.nextStart = offset;
    if (onPath) {
      property = { start: offset, valueEnd: -1, prevEnd: top.childCount ? top.lastEnd : -1, nextStart: -1 };
      propertyIn = top;
    }
  };
  /** A later copy of a duplicated key: what an earlier copy held at this depth and below is not what parsers read. */
  const forgetBelow = (depth: number) => {
    if (nodes.length > depth) nodes.length = depth;
  };

  /** Whether a value beginning now, under the current top, sits on the path. */
  const childOnPath = (): boolean => {
    const top = stack[stack.length - 1];
    if (!top) return !rootSeen;
    if (!top.onPath || top.depth >= path.length) return false;
    const want = path[top.depth];
    return top.type === "object" ? top.lastKey === want : top.childCount - 1 === want;
  };
  const beginValue = (offset: number) => {
    const top = stack[stack.length - 1];
    if (top?.type === "array") {
      beginMember(top, offset, top.childCount === path[top.depth]);
      top.childCount += 1;
      top.lastStart = offset;
    }
  };
  const endValue = (end: number) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    top.lastEnd = end;
    if (isTargetParent(top) && propertyIn === top && property && property.valueEnd === -1) property.valueEnd = end;
  };
  const open = (type: "object" | "array", offset: number) => {
    beginValue(offset);
    const onPath = childOnPath();
    if (onPath) forgetBelow(stack.length);
    rootSeen = true;
    stack.push({ type, offset, length: 0, childCount: 0, lastStart: -1, lastEnd: -1, depth: stack.length, onPath });
  };
  const close = (offset: number, length: number) => {
    const node = stack.pop()!;
    node.length = offset + length - node.offset;
    if (node.onPath)
      nodes[node.depth] = {
        type: node.type,
        offset: node.offset,
        length: node.length,
        childCount: node.childCount,
        lastStart: node.lastStart,
        lastEnd: node.lastEnd,
      };
    endValue(offset + length);
  };

  visit(
    text,
    {
      onObjectBegin: (offset) => open("object", offset),
      onObjectEnd: close,
      onArrayBegin: (offset) => open("array", offset),
      onArrayEnd: close,
      onObjectProperty: (name, offset) => {
        const top = stack[stack.length - 1];
        beginMember(top, offset, name === path[top.depth]);
        top.childCount += 1;
        top.lastStart = offset;
        top.lastKey = name;
      },
      onLiteralValue: (_value, offset, length) => {
        beginValue(offset);
        if (childOnPath()) {
          forgetBelow(stack.length);
          nodes[stack.length] = { type: "value", offset, length, childCount: 0, lastStart: -1, lastEnd: -1 };
        }
        rootSeen = true;
        endValue(offset + length);
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return { nodes, property: property && property.valueEnd !== -1 ? property : undefined };
}
