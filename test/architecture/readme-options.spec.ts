import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The README's configuration tables are what users read; this keeps them true to the option types
// (src/module/auth/auth.options.ts) in both directions: every option documented, no documented option that
// does not exist.

function interfaceKeys(
  name: string,
  file = 'src/module/auth/auth.options.ts',
): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
  );
  const declaration = source.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (declaration === undefined) throw new Error(`interface ${name} not found`);
  return declaration.members
    .filter(ts.isPropertySignature)
    .map((member) => (member.name as ts.Identifier).text);
}

/** Top-level option names in the first column of the README table under `heading`. */
function documentedKeys(heading: string): string[] {
  return documentedNames(
    heading,
    /`([A-Za-z][A-Za-z0-9]*)(?:\.[A-Za-z0-9]+)?`/g,
  );
}

/** Names under `parent.` (e.g. `verification.jwksUrl` → `jwksUrl`) in the table under `heading`. */
function documentedSubKeys(heading: string, parent: string): string[] {
  return documentedNames(
    heading,
    new RegExp(`\`${parent}\\.([A-Za-z0-9]+)\``, 'g'),
  );
}

function documentedNames(heading: string, pattern: RegExp): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README section "${heading}" not found`);
  const rows: string[] = [];
  for (const line of readme.slice(start).split('\n').slice(1)) {
    if (line.startsWith('|')) rows.push(line);
    else if (rows.length > 0) break;
  }
  expect(rows.length).toBeGreaterThan(2);
  const names = rows
    .slice(2) // header and separator
    .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(pattern)])
    .map((match) => match[1] as string);
  return [...new Set(names)].sort();
}

describe('README configuration tables', () => {
  it('document every option of forRoot / forRootAsync, and nothing else', () => {
    expect(documentedKeys('Options of `forRoot`')).toEqual(
      interfaceKeys('AuthModuleOptions').sort(),
    );
  });

  it('document every module-shaping option, and nothing else', () => {
    expect(documentedKeys('Module-shaping options')).toEqual(
      interfaceKeys('AuthModuleExtras').sort(),
    );
  });

  describe('of the resource-server module', () => {
    const file = 'src/module/resource-server/resource-server.options.ts';
    const heading = 'Options of `TokenwardResourceServerModule.forRoot`';

    it('document every option, and nothing else', () => {
      expect(documentedKeys(heading)).toEqual(
        interfaceKeys('ResourceServerModuleOptions', file).sort(),
      );
    });

    it('document every option of both verification modes, and nothing else', () => {
      const modes = [
        ...interfaceKeys('JwksVerificationOptions', file),
        ...interfaceKeys('IntrospectionVerificationOptions', file),
      ];
      expect(documentedSubKeys(heading, 'verification')).toEqual(
        [...new Set(modes)].sort(),
      );
    });

    it('document every module-shaping option, and nothing else', () => {
      expect(
        documentedKeys('Module-shaping options of the resource-server module'),
      ).toEqual(interfaceKeys('ResourceServerModuleExtras', file).sort());
    });
  });
});
