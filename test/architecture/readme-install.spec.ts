import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's install lines are the first thing a newcomer runs: they name every peer dependency
// of package.json, and say "optional" of exactly the optional ones.

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/** The lines of the README's first `bash` block. */
function installLines(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('```bash\n');
  const end = readme.indexOf('```', start + 1);
  expect(start).toBeGreaterThan(-1);
  return readme
    .slice(start + '```bash\n'.length, end)
    .trim()
    .split('\n');
}

/** Package names a line mentions, as whole words. */
function mentioned(line: string, names: readonly string[]): string[] {
  return names.filter((name) =>
    new RegExp(`(^|[\\s,+:])${name.replace('/', '\\/')}(?=[\\s,:]|$)`).test(
      line,
    ),
  );
}

describe('README install lines', () => {
  const peers = Object.keys(pkg.peerDependencies).sort();
  const optional = peers.filter(
    (name) => pkg.peerDependenciesMeta?.[name]?.optional === true,
  );

  it('install the package with its peers, and name every peer', () => {
    const lines = installLines();
    expect(lines[0]).toMatch(/^npm install nestjs-tokenward /);
    expect(
      [...new Set(lines.flatMap((line) => mentioned(line, peers)))].sort(),
    ).toEqual(peers);
  });

  it('call exactly the optional peers optional', () => {
    const optionalLines = installLines().filter((line) =>
      /#\s*optional/.test(line),
    );
    expect(optional.length).toBeGreaterThan(0);
    expect(
      optionalLines.flatMap((line) => mentioned(line, peers)).sort(),
    ).toEqual(optional);
  });
});
