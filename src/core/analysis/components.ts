import { posix } from 'node:path';
import type { ImageIndex } from '../image/imageIndex';
import type { Component } from '../manifest/manifestTypes';
import type { TraceFacts } from '../trace/traceFacts';
import { BIN_DIRECTORIES, categoryOf } from './componentCatalogue';

/**
 * Shells, package managers, network/debug tools and interpreters the image ships, each marked
 * executed or never executed. Aliases (`/usr/bin/sh` → dash, busybox applets) count as their
 * target: running `sh` is running dash.
 */
export function findComponents(index: ImageIndex, facts: TraceFacts): Component[] {
  const executions = new Map<string, { count: number; argv: string[] }>();
  const record = (program: string, argv: string[]): void => {
    const real = index.realpath(program) ?? program;
    const known = executions.get(real);
    if (known) known.count += 1;
    else executions.set(real, { count: 1, argv });
  };
  for (const exec of facts.execs) {
    record(exec.program, exec.argv);
    // A script runs its interpreter without an exec of its own: `#!/bin/sh` means dash ran.
    const interpreter = interpreterOf(index, exec.program);
    if (interpreter) record(interpreter, [interpreter, exec.program]);
  }
  const byTarget = new Map<string, { names: Set<string>; category: Component['category'] }>();
  for (const entry of index.all()) {
    if (entry.type !== 'file' && entry.type !== 'symlink' && entry.type !== 'hardlink') continue;
    const dir = posix.dirname(entry.path);
    if (!BIN_DIRECTORIES.includes(index.realpath(dir) ?? dir) && !BIN_DIRECTORIES.includes(dir)) continue;
    const name = posix.basename(entry.path);
    const category = categoryOf(name);
    if (!category) continue;
    const target = entry.type === 'hardlink' && entry.linkname ? `/${entry.linkname.replace(/^\/+/, '')}` : index.realpath(entry.path);
    const real = target ? index.realpath(target) ?? target : undefined;
    if (!real || index.get(real)?.type !== 'file') continue;
    const group = byTarget.get(real);
    if (group) group.names.add(name);
    else byTarget.set(real, { names: new Set([name]), category });
  }
  const components: Component[] = [];
  for (const [path, group] of byTarget) {
    const name = posix.basename(path);
    const aliases = [...group.names].filter((alias) => alias !== name).sort();
    const run = executions.get(path);
    const aliasNote = aliases.length ? ` (also as ${aliases.slice(0, 4).join(', ')}${aliases.length > 4 ? ', …' : ''})` : '';
    components.push({
      name,
      path,
      category: categoryOf(name) ?? group.category,
      executed: run !== undefined,
      evidence: run
        ? `executed ${run.count} time(s), first as \`${abbreviate(run.argv.join(' '))}\`${aliasNote}`
        : `never executed during the profile${aliasNote}`,
      sizeBytes: index.get(path)?.size ?? 0,
    });
  }
  return components.sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name));
}

/** The program a script's `#!` line runs; `#!/usr/bin/env bash` is looked up in the bin directories. */
export function interpreterOf(index: ImageIndex, program: string): string | undefined {
  const words = index.shebang(program)?.split(/\s+/).filter(Boolean) ?? [];
  if (words.length === 0) return undefined;
  if (posix.basename(words[0]) === 'env') {
    const name = words.slice(1).find((word) => !word.startsWith('-'));
    return name ? BIN_DIRECTORIES.map((dir) => posix.join(dir, name)).find((path) => index.realpath(path) !== undefined) : undefined;
  }
  return words[0];
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
