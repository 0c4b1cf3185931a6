/**
 * The program interpreter (dynamic loader) an ELF executable names in its PT_INTERP header,
 * e.g. `/lib64/ld-linux-x86-64.so.2`. The kernel opens it at exec without a system call of the
 * program's own, so a trace never shows it: a minified image learns it from here. Undefined for
 * static binaries, scripts and anything that is not a well-formed ELF file within `head`.
 */
export function elfInterpreter(head: Buffer): string | undefined {
  if (head.length < 52 || head.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const is64 = head[4] === 2;
  const little = head[5] === 1;
  const u16 = (offset: number): number => (little ? head.readUInt16LE(offset) : head.readUInt16BE(offset));
  const u32 = (offset: number): number => (little ? head.readUInt32LE(offset) : head.readUInt32BE(offset));
  const address = (offset: number): number => (is64 ? Number(little ? head.readBigUInt64LE(offset) : head.readBigUInt64BE(offset)) : u32(offset));
  if (head.length < (is64 ? 64 : 52)) return undefined;
  const programHeaders = address(is64 ? 0x20 : 0x1c);
  const entrySize = u16(is64 ? 0x36 : 0x2a);
  const count = u16(is64 ? 0x38 : 0x2c);
  for (let i = 0; i < count; i += 1) {
    const entry = programHeaders + i * entrySize;
    if (entry + entrySize > head.length) return undefined;
    if (u32(entry) !== PT_INTERP) continue;
    const offset = address(entry + (is64 ? 0x08 : 0x04));
    const size = address(entry + (is64 ? 0x20 : 0x10));
    if (offset + size > head.length || size < 2) return undefined;
    return head.subarray(offset, offset + size - 1).toString('utf8');
  }
  return undefined;
}

const PT_INTERP = 3;
