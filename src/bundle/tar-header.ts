// The bundle's tar headers, byte for byte the ones tar-stream's pack writes (ustar; a pax header for
// a name ustar cannot hold), encoded here because the bundle writes a log's header only after its
// content has gone through the compressor: its size is not known before (see archive.ts).

export interface TarEntryHeader {
  name: string;
  type: "file" | "directory";
  mode: number;
  size: number;
  mtime: Date;
}

const BLOCK = 512;
/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

/** The zero bytes that pad `size` bytes of content to a whole block. */
export function tarPadding(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : TAR_END.subarray(0, BLOCK - rest);
}

/** The header block(s) of an entry: one ustar block, or a pax header, its records and the block. */
export function tarHeader(header: TarEntryHeader): Buffer {
  const plain = ustarBlock(header.name, header.type === "directory" ? 5 : 0, header);
  if (plain) return plain;
  const records = paxRecords(header.name);
  const paxBlock = ustarBlock("PaxHeader", 72, { ...header, size: records.length })!;
  const block = ustarBlock("PaxHeader", header.type === "directory" ? 5 : 0, header)!;
  return Buffer.concat([paxBlock, records, tarPadding(records.length), block]);
}

/** One ustar block, or undefined when the name is not ASCII or does not fit name + prefix. */
function ustarBlock(
  fullName: string,
  typeflag: number,
  header: Omit<TarEntryHeader, "name" | "type">,
): Buffer | undefined {
  if (Buffer.byteLength(fullName) !== fullName.length) return undefined;
  let name = fullName;
  let prefix = "";
  while (name.length > 100) {
    const slash = name.indexOf("/");
    if (slash === -1) return undefined;
    prefix += prefix ? "/" + name.slice(0, slash) : name.slice(0, slash);
    name = name.slice(slash + 1);
  }
  if (prefix.length > 155) return undefined;
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, "latin1");
  block.write(octal(header.mode & 0o7777, 6), 100, "latin1");
  block.write(octal(0, 6), 108, "latin1"); // uid
  block.write(octal(0, 6), 116, "latin1"); // gid
  writeSize(header.size, block, 124);
  block.write(octal(Math.floor(header.mtime.getTime() / 1000), 11), 136, "latin1");
  block[156] = 0x30 + typeflag;
  block.write("ustar\0", 257, "latin1");
  block.write("00", 263, "latin1");
  block.write(octal(0, 6), 329, "latin1"); // devmajor
  block.write(octal(0, 6), 337, "latin1"); // devminor
  if (prefix) block.write(prefix, 345, "latin1");
  block.write(octal(checksum(block), 6), 148, "latin1");
  return block;
}

/** `<length> path=<name>\n`, where the length counts itself. */
function paxRecords(name: string): Buffer {
  const record = ` path=${name}\n`;
  const length = Buffer.byteLength(record);
  let digits = String(length).length;
  if (length + digits >= 10 ** digits) digits++;
  return Buffer.from(`${length + digits}${record}`);
}

function octal(value: number, width: number): string {
  const text = value.toString(8);
  return text.length > width ? "7".repeat(width) + " " : text.padStart(width, "0") + " ";
}

/** Sizes past 8 GiB do not fit 11 octal digits: base-256, as GNU tar and tar-stream write them. */
function writeSize(size: number, block: Buffer, at: number): void {
  if (size.toString(8).length <= 11) {
    block.write(octal(size, 11), at, "latin1");
    return;
  }
  block[at] = 0x80;
  let rest = size;
  for (let i = 11; i > 0; i--) {
    block[at + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

function checksum(block: Buffer): number {
  let sum = 8 * 32; // the checksum field itself counts as spaces
  for (let i = 0; i < 148; i++) sum += block[i];
  for (let i = 156; i < BLOCK; i++) sum += block[i];
  return sum;
}
