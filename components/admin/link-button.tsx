import Link from 'next/link';
import type { ComponentProps } from 'react';

const styles = {
  primary: 'bg-teal-700 text-white hover:bg-teal-800',
  secondary: 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-50',
} as const;

/** A link that looks like components/ui/button (for navigation, not actions). */
export function LinkButton({ variant = 'primary', className = '', ...props }: ComponentProps<typeof Link> & { variant?: keyof typeof styles }) {
  return (
    <Link
      {...props}
      className={`inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 text-sm font-semibold focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-teal-600 ${styles[variant]} ${className}`}
    />
  );
}
