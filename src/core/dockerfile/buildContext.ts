import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';

/**
 * The files a build sends with the Dockerfile, as far as the linter looks at them: the first bytes
 * of a file (a script's shebang, an archive's magic number). The linter works without one; rules
 * then judge from the Dockerfile's text alone.
 */
export interface BuildContext {
  /** Up to `bytes` bytes from the start of a file (a path relative to the context), or undefined. */
  head(path: string, bytes: number): Uint8Array | undefined;
}

/** The build context in a directory on disk; paths that leave it (`..`, symlinks out) read as missing, as Docker sends none of them. */
export function directoryContext(root: string): BuildContext {
  const cache = new Map<string, Uint8Array | undefined>();
  return {
    head(path, bytes) {
      const key = `${bytes}:${path}`;
      if (!cache.has(key)) cache.set(key, readHead(root, path, bytes));
      return cache.get(key);
    },
  };
}

function readHead(root: string, path: string, bytes: number): Uint8Array | undefined {
  const inside = normalize(path.replace(/^\/+/, ''));
  if (inside === '' || inside === '.' || isAbsolute(inside) || inside.split(sep).includes('..')) return undefined;
  const file = join(root, inside);
  if (relative(root, file).startsWith('..')) return undefined;
  let descriptor: number | undefined;
  try {
    const real = realpathSync(file);
    const realRoot = realpathSync(root);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return undefined;
    if (!statSync(real).isFile()) return undefined;
    descriptor = openSync(real, 'r');
    const buffer = Buffer.alloc(bytes);
    const read = readSync(descriptor, buffer, 0, bytes, 0);
    return new Uint8Array(buffer.subarray(0, read));
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** `#!/bin/sh -e` → `/bin/sh`; `#!/usr/bin/env bash` → `bash`; undefined without a shebang. */
export function shebangInterpreter(head: string): string | undefined {
  const match = /^#![ \t]*(\S+)(?:[ \t]+(-\S+[ \t]+)*(\S+))?/.exec(head);
  if (!match?.[1]) return undefined;
  const program = match[1];
  if (/(^|\/)env$/.test(program) && match[3]) return match[3];
  return program;
}

/** Does the file start like an archive ADD unpacks (tar, gzip, bzip2, xz, zstd, lzma)? */
export function looksLikeArchive(head: Uint8Array): boolean {
  const starts = (...bytes: number[]): boolean => bytes.every((byte, index) => head[index] === byte);
  if (starts(0x1f, 0x8b) || starts(0x42, 0x5a, 0x68) || starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) || starts(0x28, 0xb5, 0x2f, 0xfd) || starts(0x5d, 0x00, 0x00)) return true;
  // A tar header has "ustar" at offset 257.
  return head.length >= 262 && String.fromCharCode(...head.slice(257, 262)) === 'ustar';
}
