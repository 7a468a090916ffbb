import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORIES } from '../../src/module/auth/auth.repositories.js';

// mongoose and @nestjs/mongoose are optional peers: a host on the memory store does not install
// them, so nothing the public entry point loads may import them statically. The mongoose module and
// adapters are reached only through dynamic import()s: the repository table's rows
// (src/module/auth/auth.repositories.ts) and mongoose-persistence.parts.ts.

const ROOT = resolve(import.meta.dirname, '../..');
const MONGOOSE_PACKAGES = /^(mongoose|@nestjs\/mongoose)(\/|$)/;

// Static import/export-from statements, including multi-line ones; `import type` and
// `export type` are erased by the compiler and load nothing at run time.
const STATIC_IMPORT =
  /^\s*(import|export)\s+(?!type\s)(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** Every file reachable through static imports from `entry`, and the packages they import. */
function staticGraph(entry: string): {
  files: string[];
  packages: Set<string>;
} {
  const files: string[] = [];
  const packages = new Set<string>();
  const pending = [resolve(ROOT, entry)];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(relative(ROOT, file));
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const specifier = match[2]!;
      if (specifier.startsWith('.')) {
        pending.push(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
      } else {
        packages.add(specifier);
      }
    }
  }
  return { files, packages };
}

/** The files `file` loads with a dynamic `import('...')` of a relative path. */
function lazilyLoaded(file: string): string[] {
  const path = resolve(ROOT, file);
  return [
    ...readFileSync(path, 'utf8').matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g),
  ].map((match) =>
    relative(ROOT, resolve(dirname(path), match[1]!)).replace(/\.js$/, '.ts'),
  );
}

const LAZY = [
  ...lazilyLoaded('src/module/auth/auth.repositories.ts'),
  ...lazilyLoaded(
    'src/infrastructure/persistence/mongoose/mongoose-persistence.parts.ts',
  ),
];

describe('optional mongoose peer', () => {
  it('is not loaded by the public entry point', () => {
    const { files, packages } = staticGraph('src/index.ts');

    // The walk really covers the module and its storage switch ...
    expect(files).toContain('src/module/auth/auth.providers.ts');
    expect(files).toContain(
      'src/infrastructure/persistence/mongoose/mongoose-persistence.parts.ts',
    );
    expect(packages).toContain('@nestjs/common');
    // ... and none of it imports a mongoose package.
    expect(
      [...packages].filter((name) => MONGOOSE_PACKAGES.test(name)),
    ).toEqual([]);
    expect(files).not.toContain(
      'src/infrastructure/persistence/mongoose/mongoose-persistence.module.ts',
    );
    expect(LAZY.filter((file) => files.includes(file))).toEqual([]);
  });

  it('is what the lazily loaded mongoose module and adapters import (the check above can fail)', () => {
    // The module and one adapter per row of the repository table.
    expect(LAZY).toContain(
      'src/infrastructure/persistence/mongoose/mongoose-persistence.module.ts',
    );
    expect(LAZY).toContain(
      'src/infrastructure/persistence/mongoose/mongoose-user.repository.ts',
    );
    expect(LAZY).toHaveLength(REPOSITORIES.length + 1);
    const packages = new Set(
      LAZY.flatMap((file) => [...staticGraph(file).packages]),
    );
    expect(packages).toContain('@nestjs/mongoose');
    expect(packages).toContain('mongoose');
  });
});
