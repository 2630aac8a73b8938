import { describe, expect, it } from 'vitest';
import { ChangesetParseError, inc, maxBump, parseChangeset } from '../src/changesets.ts';

describe('parseChangeset', () => {
  it('reads the releases and the summary', () => {
    const cs = parseChangeset(
      'a.md',
      '---\n"@tsgrad/metrics": minor\n\'tsgrad\': patch\n---\n\nAdd `fbeta`.\n',
    );
    expect(cs.releases).toEqual([
      { name: '@tsgrad/metrics', type: 'minor' },
      { name: 'tsgrad', type: 'patch' },
    ]);
    expect(cs.summary).toBe('Add `fbeta`.');
  });

  it('says when a formatter turned the front matter into a heading', () => {
    expect(() => parseChangeset('b.md', '---\n\n## "@tsgrad/metrics": minor\n\nText.\n')).toThrow(
      /b\.md: no front matter.*rewritten into a "## \.\.\." heading/,
    );
    expect(() => parseChangeset('b.md', '---\n\n## "@tsgrad/metrics": minor\n')).toThrow(
      ChangesetParseError,
    );
  });

  it('rejects unknown bump types', () => {
    expect(() => parseChangeset('c.md', '---\n"@tsgrad/metrics": minr\n---\nText\n')).toThrow(
      /cannot read front matter line "\\"@tsgrad\/metrics\\": minr"/,
    );
  });
});

describe('inc and maxBump', () => {
  it('bump plain versions like semver.inc', () => {
    expect(inc('0.1.0', 'minor')).toBe('0.2.0');
    expect(inc('0.1.3', 'patch')).toBe('0.1.4');
    expect(inc('1.4.2', 'major')).toBe('2.0.0');
    expect(maxBump('patch', 'minor')).toBe('minor');
    expect(maxBump('major', 'minor')).toBe('major');
    expect(maxBump(undefined, 'patch')).toBe('patch');
  });
});
