import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's table of the example app's environment against what example/example-env.ts reads,
// in both directions: every variable documented, no documented variable that is not read.

/** Variable names passed to `text('…')` / `int('…')` in `validateExampleEnv`. */
function readVariables(): string[] {
  const source = readFileSync('example/example-env.ts', 'utf8');
  const names = [
    ...source.matchAll(/\b(?:text|int)\(\s*'([A-Z][A-Z0-9_]*)'/g),
  ].map((match) => match[1] as string);
  return [...new Set(names)].sort();
}

/** Variable names in the first column of the README table after the example's heading line. */
function documentedVariables(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('Environment of the example app');
  if (start < 0) throw new Error('README example environment table not found');
  const rows: string[] = [];
  for (const line of readme.slice(start).split('\n').slice(1)) {
    if (line.startsWith('|')) rows.push(line);
    else if (rows.length > 0) break;
  }
  const names = rows
    .slice(2) // header and separator
    .flatMap((row) => [
      ...(row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g),
    ])
    .map((match) => match[1] as string);
  return [...new Set(names)].sort();
}

describe("README table of the example app's environment", () => {
  it('documents every variable the example reads, and nothing else', () => {
    const read = readVariables();

    expect(read.length).toBeGreaterThan(10);
    expect(documentedVariables()).toEqual(read);
  });
});
