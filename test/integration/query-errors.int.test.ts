import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDatabase, setDatabase } from '@/db/client';
import { therapySessions } from '@/db/schema';
import { databaseReachable } from '@/lib/data/health';
import { createLogger } from '@/lib/log';
import { describeEachEngine } from './harness';

/*
 * A failed query must not put its parameters into a log (issue 12, item 7). Next prints an uncaught
 * error's message and stack itself, so the error must be clean, not only our logger's line.
 */

const NOTE = 'Client disclosed relapse; discussed safety plan with her sister';

/** Every way an error usually reaches a log: Next's console.error, String(), the stack, our logger. */
function everythingPrinted(error: unknown): string {
  // Before the logger sees it: its serializer scrubs in place, and Next prints errors it never saw.
  const printed = [String(error), (error as Error).stack ?? '', inspect(error, { depth: Infinity })];
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level: 'info', destination });
  log.error({ err: error }, 'query failed');
  return [...printed, ...lines].join('\n');
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the query to fail');
}

describeEachEngine('failed queries', (ctx) => {
  it('do not carry a session note in their message, stack, properties or log line (foreign-key violation)', async () => {
    const error = await failure(() =>
      ctx.db
        .insert(therapySessions)
        .values({ clinicId: randomUUID(), clientId: randomUUID(), therapistId: randomUUID(), occurredAt: new Date(), attendance: 'attended', note: NOTE }),
    );
    const printed = everythingPrinted(error);
    expect(printed).toContain('insert into "therapy_sessions"');
    expect(printed).not.toContain(NOTE);
    // The class and the driver's code survive, so callers can still tell what failed.
    expect(error).toBeInstanceOf(Error);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('23503');
  });

  it('do not quote the failing row (a not-null violation puts every column in its detail)', async () => {
    const error = await failure(() =>
      ctx.db.execute(
        sql`insert into therapy_sessions (clinic_id, client_id, therapist_id, occurred_at, attendance, note) values (${randomUUID()}, ${randomUUID()}, ${randomUUID()}, null, 'attended', ${NOTE})`,
      ),
    );
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('23502');
    expect(everythingPrinted(error)).not.toContain(NOTE);
  });

  it('do not carry a note the database could not even read (a NUL byte)', async () => {
    const error = await failure(() => ctx.db.execute(sql`select ${`${NOTE}\u0000`}::text as note`));
    expect(everythingPrinted(error)).not.toContain(NOTE);
  });
});

describeEachEngine('the health check', (ctx) => {
  it('says whether the database answers, without throwing', async () => {
    await expect(databaseReachable()).resolves.toBe(true);
    // Nothing listens on port 9 (discard): the connection is refused at once.
    const unreachable = openDatabase({ url: 'postgres://postgres@127.0.0.1:9/none' });
    setDatabase(unreachable);
    try {
      await expect(databaseReachable()).resolves.toBe(false);
    } finally {
      setDatabase(ctx.handle);
      await unreachable.close();
    }
  });
});
