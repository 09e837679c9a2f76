import { notFound } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { benchEnabled, benchPing } from '@/lib/data/bench';

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
