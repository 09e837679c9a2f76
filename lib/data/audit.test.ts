import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, setLogger } from '@/lib/log';
import { auditRefusals } from './audit';
import { ForbiddenError } from './errors';

/*
 * The audit write of a refusal happens after the refused write rolled back, on its own. If it fails
 * it used to vanish (`.catch(() => {})`): now it is retried once, and a second failure is logged at
 * error. The caller still gets the refusal, not the audit failure.
 */

const insertAttempts = vi.fn<(row: Record<string, unknown>) => Promise<void>>();
vi.mock('@/db/client', () => ({
  getDb: () => ({ insert: () => ({ values: (row: Record<string, unknown>) => insertAttempts(row) }) }),
}));

const actor = { userId: '5b0f6a57-7c1e-4d43-9d5e-0c8f1f3b9a21', clinicId: 'c0a8f3a2-1d7b-4b0e-9a53-2f6f0d8e4c11', role: 'therapist' as const };
const NOTE = 'She said she has been hearing voices again';

let lines: Record<string, unknown>[];
beforeEach(() => {
  lines = [];
  insertAttempts.mockReset();
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  setLogger(createLogger({ level: 'info', destination }));
});
afterEach(() => setLogger(undefined));

const refusedWrite = () => auditRefusals(actor, { action: 'session.record', targetType: 'client', targetId: null }, () => Promise.reject(new ForbiddenError()));

/** A database error whose parameters hold clinical text (what drizzle throws before scrubbing). */
function failedInsert(): Error {
  return Object.assign(new Error(`Failed query: insert into "audit_events" values ($1)\nparams: ${NOTE}`), { params: [NOTE] });
}

describe('auditRefusals when the audit write fails', () => {
  it('retries the audit write once; a retry that succeeds leaves one warning', async () => {
    insertAttempts.mockRejectedValueOnce(failedInsert()).mockResolvedValueOnce(undefined);
    await expect(refusedWrite()).rejects.toBeInstanceOf(ForbiddenError);
    expect(insertAttempts).toHaveBeenCalledTimes(2);
    expect(insertAttempts.mock.calls[1]![0]).toMatchObject({ action: 'session.record', outcome: 'denied' });
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', action: 'session.record', outcome: 'denied', userId: actor.userId })]);
  });

  it('logs at error when the retry fails too, with the error redacted, and still refuses', async () => {
    insertAttempts.mockRejectedValue(failedInsert());
    await expect(refusedWrite()).rejects.toBeInstanceOf(ForbiddenError);
    expect(insertAttempts).toHaveBeenCalledTimes(2);
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error']);
    expect(lines[1]).toMatchObject({
      action: 'session.record',
      outcome: 'denied',
      userId: actor.userId,
      clinicId: actor.clinicId,
      err: expect.objectContaining({ message: expect.stringContaining('audit_events') }),
    });
    expect(JSON.stringify(lines)).not.toContain(NOTE);
  });

  it('writes once and logs nothing when the audit write succeeds', async () => {
    insertAttempts.mockResolvedValue(undefined);
    await expect(refusedWrite()).rejects.toBeInstanceOf(ForbiddenError);
    expect(insertAttempts).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([]);
  });
});
