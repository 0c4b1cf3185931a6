import { strict as assert } from 'node:assert';

export const PT_LOAD = 1;
export const PT_INTERP = 3;

/** The p_type of each program header of a 64-bit little-endian ELF file (amd64, arm64). */
export function programHeaderTypes(elf: Buffer): number[] {
  assert.equal(elf.subarray(0, 4).toString('latin1'), '\x7fELF', 'an ELF file');
  assert.equal(elf[4], 2, 'a 64-bit ELF file');
  assert.equal(elf[5], 1, 'a little-endian ELF file');
  const offset = Number(elf.readBigUInt64LE(0x20));
  const entrySize = elf.readUInt16LE(0x36);
  const count = elf.readUInt16LE(0x38);
  return Array.from({ length: count }, (_, index) => elf.readUInt32LE(offset + index * entrySize));
}

/** Static: loadable segments and no program interpreter, so it runs in an image without a libc. */
export function isStaticExecutable(elf: Buffer): boolean {
  const types = programHeaderTypes(elf);
  return types.includes(PT_LOAD) && !types.includes(PT_INTERP);
}
