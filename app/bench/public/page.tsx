import { notFound } from 'next/navigation';
import { benchEnabled, benchPing } from '@/lib/data/bench';

// Never prerendered: whether it exists is decided at run time (RAPPORT_BENCH).
export const dynamic = 'force-dynamic';

/** Benchmark ceiling: a server-rendered page with one query and no sign-in (RAPPORT_BENCH=1 only). */
export default async function BenchPublic() {
  if (!benchEnabled()) notFound();
  const one = await benchPing();
  return <main id="main">ceiling {one}</main>;
}
