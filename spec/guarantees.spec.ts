import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// The README's "Guarantees" list and the tests that prove them, kept in step: every guarantee is
// cited by a test title, and every number a title cites is in the list.

const root = join(__dirname, '..');

/** The numbers of the README's "## Guarantees" list, in their order. */
export function readmeGuarantees(readme: string): number[] {
  const start = readme.indexOf('\n## Guarantees\n');
  if (start < 0) return [];
  const rest = readme.slice(start + 1);
  const next = rest.indexOf('\n## ', 1);
  const section = next < 0 ? rest : rest.slice(0, next);
  return [...section.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
}

/** The test and suite titles of a spec file (the first argument of it / test / describe). */
export function testTitles(source: string): string[] {
  return [...source.matchAll(/\b(?:it|test|describe)(?:\.each\([^)]*\))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2]);
}

/** The guarantee numbers a title cites: "guarantee 6", "guarantees 7 and 8", "guarantees 1, 2 and 6". */
export function citedIn(title: string): number[] {
  const cited: number[] = [];
  for (const m of title.matchAll(/\bguarantees? (\d+(?:(?:, | and )\d+)*)/gi)) {
    for (const n of m[1].split(/, | and /)) cited.push(Number(n));
  }
  return cited;
}

function specFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) specFiles(path, found);
    else if (entry.name.endsWith('.spec.ts') && path !== __filename) found.push(path);
  }
  return found;
}

describe("the README's guarantees and the tests that cite them", () => {
  const listed = readmeGuarantees(readFileSync(join(root, 'README.md'), 'utf8'));
  const citations = specFiles(join(root, 'spec')).flatMap((file) =>
    testTitles(readFileSync(file, 'utf8')).flatMap((title) =>
      citedIn(title).map((n) => ({ n, where: `${relative(root, file)}: ${title}` })),
    ),
  );

  it('the README numbers its guarantees 1, 2, 3 … without a gap', () => {
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).toEqual(listed.map((_, i) => i + 1));
  });

  it('every number a test title cites is a guarantee in the README', () => {
    expect(citations.filter((c) => !listed.includes(c.n)).map((c) => c.where)).toEqual([]);
  });

  it('every guarantee in the README is cited by at least one test title', () => {
    const cited = new Set(citations.map((c) => c.n));
    expect(listed.filter((n) => !cited.has(n))).toEqual([]);
  });

  it('no test title cites a guarantee by the old, unnumbered word "rule N"', () => {
    const stale = specFiles(join(root, 'spec')).flatMap((file) =>
      testTitles(readFileSync(file, 'utf8'))
        .filter((title) => /\brules? \d/i.test(title))
        .map((title) => `${relative(root, file)}: ${title}`),
    );
    expect(stale).toEqual([]);
  });
});

describe('reading the list and the titles', () => {
  it('reads only the Guarantees section of a README', () => {
    const readme = '# x\n\n1. not this\n\n## Guarantees\n\n1. **One.** a\n   2. continued\n2. **Two.** b\n\n## Next\n\n3. not this\n';
    expect(readmeGuarantees(readme)).toEqual([1, 2]);
    expect(readmeGuarantees('# no such section\n1. x\n')).toEqual([]);
  });

  it('reads the titles of it, test and describe, whatever their quotes', () => {
    const source =
      "describe('guarantee 3: a', () => {\n  it(\"guarantee 4: b\", () => {});\n  test(`c`, () => {});\n  it('don\\'t 5', () => {});\n});";
    expect(testTitles(source)).toEqual(['guarantee 3: a', 'guarantee 4: b', 'c', "don\\'t 5"]);
  });

  it('reads one, two or a list of cited numbers, and none from other words', () => {
    expect(citedIn('guarantee 6: exactly once')).toEqual([6]);
    expect(citedIn('guarantees 7 and 8: a throttled post')).toEqual([7, 8]);
    expect(citedIn('guarantees 1, 2 and 6: all three')).toEqual([1, 2, 6]);
    expect(citedIn('renewed, and the retry sends the new token (guarantee 2)')).toEqual([2]);
    expect(citedIn('retries 3 times, rule 4')).toEqual([]);
  });
});
