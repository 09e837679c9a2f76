import { notFound } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { benchEnabled, benchPing } from '@/lib/data/bench';

// Never prerendered: whether it exists is decided at run time (RAPPORT_BENCH).
export const dynamic = 'force-dynamic';

/** Benchmark ceiling: the per-request session work of every real page, plus one query (RAPPORT_BENCH=1 only). */
export default async function BenchSignedIn() {
  if (!benchEnabled()) notFound();
  const actor = await requireActor();
  const one = await benchPing();
  return (
    <main id="main">
      signed-in ceiling {one} {actor.role}
    </main>
  );
}
