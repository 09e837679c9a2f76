import { notFound } from 'next/navigation';
import { benchEnabled, benchPing } from '@/lib/data/bench';

/** Benchmark ceiling: a server-rendered page with one query and no sign-in (RAPPORT_BENCH=1 only). */
export default async function BenchPublic() {
  if (!benchEnabled()) notFound();
  const one = await benchPing();
  return <main id="main">ceiling {one}</main>;
}
