'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False on the server and while hydrating, true once mounted. Recharts' responsive charts draw
 * nothing on the server (they measure their container first, so the server HTML held only empty
 * wrappers), yet running them there cost a good share of a page's render time: the server only
 * reserves the space, and the chart's numbers are in the table (or label) beside it.
 */
export function useMounted(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
