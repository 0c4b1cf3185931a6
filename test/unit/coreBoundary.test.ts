import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const importsVscode = /(?:from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function filesImportingVscode(files: string[]): string[] {
  return files.filter((file) => importsVscode.test(readFileSync(file, 'utf8')));
}

describe('the core boundary', () => {
  it('keeps src/core and src/cli free of the vscode API', () => {
    const files = [...sourceFiles('src/core'), ...sourceFiles('src/cli')];
    assert.ok(files.length > 0, 'no source files found: is the test running from the project root?');
    assert.deepEqual(filesImportingVscode(files), []);
  });

  it('would notice an import of vscode', () => {
    assert.ok(importsVscode.test(`import * as vscode from 'vscode';`));
    assert.ok(importsVscode.test(`const vscode = require('vscode');`));
    assert.ok(!importsVscode.test(`import { parse } from 'yaml';`));
  });
});
