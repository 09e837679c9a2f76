import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, setLogger } from '@/lib/log';
import { auditRead, auditRefusals } from './audit';
import type { RequestContext } from './context';
import { ForbiddenError } from './errors';

/*
 * The audit write of a refusal happens after the refused write rolled back, on its own. If it fails
 * it used to vanish (`.catch(() => {})`): now it is retried once, and a second failure is logged at
 * error. The caller still gets the refusal, not the audit failure.
 */

type Inserted = Record<string, unknown> | Record<string, unknown>[];
const insertAttempts = vi.fn<(row: Inserted) => Promise<void>>();
const pool = { insert: () => ({ values: (row: Inserted) => insertAttempts(row) }) };
vi.mock('@/db/client', () => ({ getDb: () => pool }));

// The current request, as proxy.ts stamps it; null outside a request.
let request: RequestContext = { requestId: null, ip: null };
vi.mock('./context', () => ({ requestContext: () => Promise.resolve(request) }));
// next/server's after(): what runs once the response has been sent.
const afterResponse: (() => Promise<void>)[] = [];
vi.mock('next/server', () => ({ after: (task: () => Promise<void>) => void afterResponse.push(task) }));
const sendResponse = async () => {
  for (const task of afterResponse.splice(0)) await task();
};

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
afterEach(() => {
  setLogger(undefined);
  request = { requestId: null, ip: null };
  afterResponse.length = 0;
});

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

describe("auditRead: a request's reads in one insert once the response is sent", () => {
  const read = (action: string) => auditRead(pool as never, actor, { action, outcome: 'success', targetType: 'client', targetId: actor.userId });

  it('keeps the reads until the response is sent, then writes them in one insert with the time of each read', async () => {
    insertAttempts.mockResolvedValue(undefined);
    request = { requestId: 'req-1', ip: '192.0.2.7' };
    const before = Date.now();
    await read('client.read');
    await read('measures.read');
    await read('plan.read');
    expect(insertAttempts).not.toHaveBeenCalled();
    expect(afterResponse).toHaveLength(1);
    await sendResponse();
    expect(insertAttempts).toHaveBeenCalledTimes(1);
    const rows = insertAttempts.mock.calls[0]![0] as Record<string, unknown>[];
    expect(rows.map((r) => r.action)).toEqual(['client.read', 'measures.read', 'plan.read']);
    for (const row of rows) {
      expect(row).toMatchObject({ requestId: 'req-1', ip: '192.0.2.7', actorUserId: actor.userId, clinicId: actor.clinicId, outcome: 'success' });
      expect((row.occurredAt as Date).getTime()).toBeGreaterThanOrEqual(before);
    }
  });

  it('batches per request: two requests at once get one insert each', async () => {
    insertAttempts.mockResolvedValue(undefined);
    request = { requestId: 'req-a', ip: null };
    await read('client.read');
    request = { requestId: 'req-b', ip: null };
    await read('caseload.read');
    request = { requestId: 'req-a', ip: null };
    await read('measures.read');
    await sendResponse();
    const batches = insertAttempts.mock.calls.map(([rows]) => (rows as Record<string, unknown>[]).map((r) => `${String(r.requestId)}:${String(r.action)}`));
    expect(batches).toEqual([['req-a:client.read', 'req-a:measures.read'], ['req-b:caseload.read']]);
  });

  it('writes at once outside a request (scripts, tests) and on a transaction', async () => {
    insertAttempts.mockResolvedValue(undefined);
    await read('client.read');
    expect(insertAttempts).toHaveBeenCalledTimes(1);
    request = { requestId: 'req-2', ip: null };
    const tx = { insert: () => ({ values: (row: Inserted) => insertAttempts(row) }) };
    await auditRead(tx as never, actor, { action: 'plan.read', outcome: 'success' });
    expect(insertAttempts).toHaveBeenCalledTimes(2);
    expect(insertAttempts.mock.calls[1]![0]).toMatchObject({ action: 'plan.read', requestId: 'req-2' });
    expect(afterResponse).toHaveLength(0);
  });

  it('a refusal in the same request is written at once, not held with the reads', async () => {
    insertAttempts.mockResolvedValue(undefined);
    request = { requestId: 'req-3', ip: null };
    await read('client.read');
    await expect(refusedWrite()).rejects.toBeInstanceOf(ForbiddenError);
    expect(insertAttempts).toHaveBeenCalledTimes(1);
    expect(insertAttempts.mock.calls[0]![0]).toMatchObject({ action: 'session.record', outcome: 'denied', requestId: 'req-3' });
    await sendResponse();
    expect(insertAttempts).toHaveBeenCalledTimes(2);
  });

  it('retries a failed batch once, then logs which reads went unrecorded without their contents', async () => {
    insertAttempts.mockRejectedValue(failedInsert());
    request = { requestId: 'req-4', ip: null };
    await read('client.read');
    await read('measures.read');
    await sendResponse();
    expect(insertAttempts).toHaveBeenCalledTimes(2);
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error']);
    expect(lines[1]).toMatchObject({ requestId: 'req-4', actions: 'client.read,measures.read', rows: 2 });
    expect(JSON.stringify(lines)).not.toContain(NOTE);
  });
});
