import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  AUTH_MODULE_EXTRAS_DEFAULTS,
  AUTH_OPTION_TABLE,
} from '../../src/module/auth/auth.options.js';
import {
  INTROSPECTION_OPTION_TABLE,
  JWKS_ALGORITHMS,
  JWKS_OPTION_TABLE,
  RESOURCE_SERVER_EXTRAS_DEFAULTS,
  RESOURCE_SERVER_OPTION_TABLE,
  SSF_RECEIVER_OPTION_TABLE,
} from '../../src/module/resource-server/resource-server.options.js';
import {
  readOptionTable,
  type OptionTable,
} from '../../src/module/shared/shared.options.js';

// The README's configuration tables are what users read; this keeps them true to the option types
// (src/module/*/<module>.options.ts) in both directions: every option documented, no documented
// option that does not exist; and to the option tables, where each default is written once: every
// default the README shows is the table's.

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

/** The body rows of the README table under `heading`, as [option, default, meaning] cells. */
function tableRows(heading: string): Array<[string, string, string]> {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README section "${heading}" not found`);
  const rows: string[] = [];
  for (const line of readme.slice(start).split('\n').slice(1)) {
    if (line.startsWith('|')) rows.push(line);
    else if (rows.length > 0) break;
  }
  expect(rows.length).toBeGreaterThan(2);
  return rows
    .slice(2) // header and separator
    .map((row) => {
      const [, option = '', shown = '', meaning = ''] = row.split('|');
      return [option, shown, meaning];
    });
}

function documentedNames(heading: string, pattern: RegExp): string[] {
  const names = tableRows(heading)
    .flatMap(([option]) => [...option.matchAll(pattern)])
    .map((match) => match[1] as string);
  return [...new Set(names)].sort();
}

/**
 * Where the README shows the default of `name`: the default cell of the row naming it whole
 * (`password.minLength`); else, for a part of a compound option (`argon2.timeCost`,
 * `rateLimit.passwordForgot.limit`), its option's row, whose meaning may name a part's default.
 */
function shownDefault(heading: string, name: string): string {
  const rows = tableRows(heading);
  const whole = rows.find(([option]) => option.includes(`\`${name}\``));
  if (whole !== undefined) return whole[1];
  const top = name.split('.')[0]!;
  const row = rows.find(([option]) => option.includes(`\`${top}\``));
  if (row === undefined) throw new Error(`no README row for ${name}`);
  return `${row[1]} ${row[2]}`;
}

/** Each plain value a default is made of: `{ collectionPrefix: 'tokenward_' }` → `tokenward_`. */
function leaves(value: unknown): string[] {
  if (Array.isArray(value) && value.length === 0) return ['[]'];
  if (typeof value === 'object' && value !== null)
    return Object.values(value).flatMap(leaves);
  return [String(value)];
}

/** Whether the README cell shows `leaf`: a number as a whole number (`900` is not in `9000`). */
function shows(cell: string, leaf: string): boolean {
  return /^\d+$/.test(leaf)
    ? new RegExp(`(?<![\\d.,])${leaf}(?!\\d|[.,]\\d)`).test(cell)
    : cell.includes(leaf);
}

/** [option, what the README must show] for every entry of the tables. */
function expectedDefaults(
  tables: readonly OptionTable[],
): Array<[string, string[]]> {
  return tables.flatMap((table) => {
    const defaults = readOptionTable(table, {}, []) as Record<string, unknown>;
    return Object.entries(table).map(([name, entry]): [string, string[]] => [
      name,
      'shownAs' in entry && entry.shownAs !== undefined
        ? [entry.shownAs]
        : leaves(defaults[name]),
    ]);
  });
}

function expectDefaultsShown(
  heading: string,
  expected: Array<[string, string[]]>,
): void {
  expect(expected.length).toBeGreaterThan(0);
  const missing = expected.flatMap(([name, values]) =>
    values
      .filter((value) => !shows(shownDefault(heading, name), value))
      .map((value) => `${name}: ${value}`),
  );
  expect(missing).toEqual([]);
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

  it('show the defaults of the option table', () => {
    expectDefaultsShown(
      'Options of `forRoot`',
      expectedDefaults([AUTH_OPTION_TABLE]),
    );
  });

  it('show the defaults of the module-shaping options', () => {
    expectDefaultsShown(
      'Module-shaping options',
      Object.entries(AUTH_MODULE_EXTRAS_DEFAULTS).map(([name, value]) => [
        name,
        leaves(value),
      ]),
    );
  });

  it('would see a default that the README does not show (the check above can fail)', () => {
    const shown = shownDefault('Options of `forRoot`', 'accessTokenTtlSeconds');
    expect(shows(shown, '900')).toBe(true);
    expect(shows(shown, '90')).toBe(false);
    expect(shows(shown, '9000')).toBe(false);
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

    it('show the defaults of the option tables', () => {
      expectDefaultsShown(heading, [
        ...expectedDefaults([
          RESOURCE_SERVER_OPTION_TABLE,
          JWKS_OPTION_TABLE,
          INTROSPECTION_OPTION_TABLE,
          SSF_RECEIVER_OPTION_TABLE,
        ]),
        ['verification.algorithms', [...JWKS_ALGORITHMS]],
      ]);
    });

    it('show the defaults of the module-shaping options', () => {
      expectDefaultsShown(
        'Module-shaping options of the resource-server module',
        Object.entries(RESOURCE_SERVER_EXTRAS_DEFAULTS).map(([name, value]) => [
          name,
          leaves(value),
        ]),
      );
    });
  });
});
