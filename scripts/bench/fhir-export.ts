import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { getDatabase, getDb } from '@/db/client';
import { users } from '@/db/schema';
import { RESEARCH_EXPORT_PAGE_SIZE, RESEARCH_EXPORT_TYPES, streamResearchExport, type ResearchExportType } from '@/lib/data/fhir';
import { describeError } from '../lib/cli';
import { benchEmail } from './generate';

/*
 * `DATABASE_URL=postgres://…/rapport_large npm run bench:fhir-export [-- --type Observation] [--page-size 500] [--out dir]`
 *
 * Streams the clinic research export (lib/data streamResearchExport, as the admin route does) of the
 * large dataset made by `npm run seed:large`, and reports per file: lines, bytes, time, and the peak
 * resident memory (RSS, sampled every 20 ms) against the RSS before the export — the bound the
 * streaming is meant to keep, whatever the number of responses. The bytes are discarded unless --out.
 */

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index === -1) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

type Result = {
  type: ResearchExportType;
  lines: number;
  bytes: number;
  seconds: number;
  rssBefore: number;
  rssPeak: number;
  heapPeak: number;
  rssAt: string[];
};

async function measure(type: ResearchExportType, pageSize: number, outDir: string | undefined): Promise<Result> {
  const [admin] = await getDb()
    .select({ userId: users.id, clinicId: users.clinicId, role: users.role, name: users.name })
    .from(users)
    .where(eq(users.email, benchEmail('admin', 1)))
    .limit(1);
  if (!admin) throw new Error(`No ${benchEmail('admin', 1)} in this database: generate it first with \`npm run seed:large\`.`);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  let heapPeak = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  const started = performance.now();
  const { body, fileName } = await streamResearchExport(admin, type, { pageSize });
  const file = outDir ? createWriteStream(join(outDir, fileName)) : null;
  let lines = 0;
  let bytes = 0;
  let nextMark = 100_000;
  const rssAt: string[] = [];
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const byte of value) if (byte === 10) lines += 1;
    if (file && !file.write(value)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
    sample();
    if (lines >= nextMark) {
      rssAt.push(`${nextMark / 1000}k: ${mb(process.memoryUsage().rss)}`);
      nextMark += 100_000;
    }
  }
  if (file) await new Promise<void>((resolve) => file.end(() => resolve()));
  clearInterval(timer);
  sample();
  return { type, lines, bytes, seconds: (performance.now() - started) / 1000, rssBefore, rssPeak, heapPeak, rssAt };
}

async function main() {
  const typeArg = option('--type');
  const types = typeArg ? typeArg.split(',') : [...RESEARCH_EXPORT_TYPES];
  for (const t of types)
    if (!(RESEARCH_EXPORT_TYPES as readonly string[]).includes(t)) throw new Error(`--type must be one of ${RESEARCH_EXPORT_TYPES.join(', ')}`);
  const pageSize = Number(option('--page-size') ?? RESEARCH_EXPORT_PAGE_SIZE);
  const outDir = option('--out');
  if (outDir) await mkdir(outDir, { recursive: true });
  if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to the database made by `npm run seed:large`.');
  console.log(`Streaming the research export (page size ${pageSize})${outDir ? ` into ${outDir}` : ''}…`);
  const results: Result[] = [];
  for (const type of types as ResearchExportType[]) {
    const r = await measure(type, pageSize, outDir);
    results.push(r);
    console.log(`  ${type}: ${r.lines} lines in ${r.seconds.toFixed(1)} s${r.rssAt.length ? ` (RSS at ${r.rssAt.join(', ')})` : ''}`);
  }
  console.table(
    Object.fromEntries(
      results.map((r) => [
        r.type,
        {
          lines: r.lines,
          bytes: mb(r.bytes),
          seconds: Number(r.seconds.toFixed(1)),
          'lines/s': Math.round(r.lines / r.seconds),
          'MB/s': Number((r.bytes / 1024 / 1024 / r.seconds).toFixed(1)),
          'RSS before': mb(r.rssBefore),
          'RSS peak': mb(r.rssPeak),
          'RSS growth': mb(r.rssPeak - r.rssBefore),
          'heap peak': mb(r.heapPeak),
        },
      ]),
    ),
  );
  console.log(`Peak RSS of the whole run: ${mb(Math.max(...results.map((r) => r.rssPeak)))}.`);
  await getDatabase().close();
}

main().catch((error: unknown) => {
  console.error(describeError(error));
  process.exit(1);
});
