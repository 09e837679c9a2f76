import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { users } from '@/db/schema';
import { describeEachEngine } from './harness';

/*
 * db/client.ts prepares every parameterised statement drizzle sends on PostgreSQL (named
 * statements, once per connection), inside transactions and savepoints too, so PostgreSQL does not
 * parse and plan the same query text on every request.
 */

describeEachEngine('database client', (ctx) => {
  it.runIf(ctx.engine === 'postgres')('prepares drizzle queries, in transactions and nested transactions as well', async () => {
    const marker = `prepared-${Date.now()}`;
    const prepared = await ctx.db.transaction(async (tx) => {
      // One connection for the whole transaction: its own prepared statements are visible to it.
      await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, `${marker}@example.org`));
      await tx.transaction(async (nested) => {
        await nested
          .select({ id: users.id })
          .from(users)
          .where(eq(users.name, `${marker}-nested`));
      });
      return tx.execute<{ statement: string }>(sql`select statement from pg_prepared_statements where statement like '%"users"%' and statement like '%$1%'`);
    });
    const statements = (prepared as unknown as { statement: string }[]).map((r) => r.statement);
    expect(statements.some((s) => s.includes('"email" = $1'))).toBe(true);
    expect(statements.some((s) => s.includes('"name" = $1'))).toBe(true);
  });
});
