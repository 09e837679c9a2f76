import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_GROUPS, auditActionLabel } from './audit-actions';

/*
 * The filter's choices must name every action lib/data writes (so none is reachable only by typing
 * its code) and name nothing it does not write (a choice that can never match).
 */
const DATA_DIR = join(__dirname, '..', '..', 'lib', 'data');
const sources = readdirSync(DATA_DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => readFileSync(join(DATA_DIR, f), 'utf8'));
// Action codes are the dotted lower-case literals of lib/data ('plan.save', 'auth.sign_in', …).
const written = new Set(sources.flatMap((s) => [...s.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)].map((m) => m[1]!)));
// Codes built from a template (`plan.${status === 'active' ? 'activate' : …}`): the family with each word in it.
for (const source of sources) {
  for (const [, family, choice] of source.matchAll(/`([a-z_]+(?:\.[a-z_]+)*\.)\$\{([^}]*)\}`/g)) {
    // The branches of the conditional (after ? or :), not the values it compares with.
    for (const [, word] of choice!.matchAll(/[?:]\s*'([a-z_]+)'/g)) written.add(`${family}${word}`);
  }
}
const options = AUDIT_ACTION_GROUPS.flatMap((g) => g.options);

describe('the audit log’s "What" choices', () => {
  it('name every action code lib/data writes', () => {
    expect(written.size).toBeGreaterThan(40);
    const unnamed = [...written].filter((code) => auditActionLabel(code) === undefined);
    expect(unnamed, 'add these to components/admin/audit-actions.ts').toEqual([]);
  });

  it('name only codes lib/data writes, or families (prefixes) of them', () => {
    expect(written).toContain('plan.activate');
    for (const { code, label } of options) {
      if (label.startsWith('All ')) expect([...written].filter((w) => w.startsWith(code)).length, `${code} is a family of several actions`).toBeGreaterThan(1);
      else expect(written, `${code} is an action lib/data writes`).toContain(code);
    }
  });

  it('has one readable, distinct label per code', () => {
    const codes = options.map((o) => o.code);
    expect(new Set(codes).size).toBe(codes.length);
    const labels = options.map((o) => o.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const { label } of options) expect(label).not.toMatch(/[._]/);
  });
});
