'use client';

import { useEffect } from 'react';

export const UNSAVED_CHANGES_MESSAGE = 'You have unsaved changes. Leave this page and lose them?';

/** Marks an element whose links and forms the guard leaves alone (the guarded form itself). */
export const GUARD_IGNORE = { 'data-unsaved-guard': 'ignore' } as const;

/**
 * While `when` is true, nothing leaves the page without asking: closing or reloading the tab
 * (beforeunload), following an in-app link (client-side navigation never fires beforeunload, so
 * link clicks are caught in the capture phase, before Next's <Link> sees them), and submitting
 * another form (e.g. Sign out). Links opened in a new tab or window are let through: nothing is lost.
 */
export function UnsavedChangesGuard({ when, message = UNSAVED_CHANGES_MESSAGE }: { when: boolean; message?: string }) {
  useEffect(() => {
    if (!when) return;
    // Set once the user has agreed to leave, so a full-page navigation does not ask a second time.
    let leaving = false;
    const ignored = (element: Element) => element.closest('[data-unsaved-guard="ignore"]') !== null;
    const confirmLeave = () => {
      leaving = window.confirm(message);
      return leaving;
    };

    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving) return;
      event.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      event.returnValue = '';
    };

    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (!(event.target instanceof Element)) return;
      const link = event.target.closest('a[href]');
      if (!(link instanceof HTMLAnchorElement) || ignored(link) || link.hasAttribute('download')) return;
      if (link.target && link.target !== '_self') return;
      const url = new URL(link.href, window.location.href);
      // Other sites are a full navigation: beforeunload asks for those.
      if (url.origin !== window.location.origin) return;
      // An anchor on this very page does not leave it.
      if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return;
      if (!confirmLeave()) {
        event.preventDefault();
        event.stopPropagation();
      }
    };

    const onSubmit = (event: SubmitEvent) => {
      if (!(event.target instanceof HTMLFormElement) || ignored(event.target)) return;
      if (!confirmLeave()) {
        event.preventDefault();
        event.stopPropagation();
      }
    };

    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('click', onClick, true);
    window.addEventListener('submit', onSubmit, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('click', onClick, true);
      window.removeEventListener('submit', onSubmit, true);
    };
  }, [when, message]);
  return null;
}
