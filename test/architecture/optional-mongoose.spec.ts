import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// mongoose and @nestjs/mongoose are optional peers: a host on the memory store does not install
// them, so nothing the public entry point loads may import them statically. The mongoose adapter
// is reached only through the dynamic import() in mongoose-persistence.parts.ts.

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
  });

  it('is what the lazily loaded mongoose module imports (the check above can fail)', () => {
    const { packages } = staticGraph(
      'src/infrastructure/persistence/mongoose/mongoose-persistence.module.ts',
    );
    expect(packages).toContain('@nestjs/mongoose');
    expect(packages).toContain('mongoose');
  });
});
