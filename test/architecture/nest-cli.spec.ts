import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `nest start` / `nest build` read nest-cli.json: it must point at the example's entry file and
// at the build config the package builds with (ESM, decorators), or they build nothing useful.
const ROOT = resolve(import.meta.dirname, '../..');

describe('nest-cli.json', () => {
  const config = JSON.parse(
    readFileSync(join(ROOT, 'nest-cli.json'), 'utf8'),
  ) as {
    sourceRoot: string;
    entryFile: string;
    compilerOptions: { tsConfigPath: string; builder: string };
  };

  it("names the example's main.ts as the entry and the package's build tsconfig", () => {
    expect(
      existsSync(join(ROOT, config.sourceRoot, `${config.entryFile}.ts`)),
    ).toBe(true);
    expect(config.compilerOptions.tsConfigPath).toBe('tsconfig.build.json');
    const build = JSON.parse(
      readFileSync(join(ROOT, config.compilerOptions.tsConfigPath), 'utf8'),
    ) as { include: string[] };
    expect(build.include).toContain(config.sourceRoot);
    // The output nest start runs: outDir (dist) / sourceRoot / entryFile.js, as npm start does.
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.start).toContain(
      `dist/${config.sourceRoot}/${config.entryFile}.js`,
    );
  });
});
