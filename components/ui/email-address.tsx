import { Fragment } from 'react';
import { emailBreakParts } from './email-parts';

/**
 * An email address that wraps at sensible points on a narrow screen (after the @, before a dot)
 * instead of mid-word; a single part longer than the line still breaks rather than overflow.
 */
export function EmailAddress({ email, className = '' }: { email: string; className?: string }) {
  return (
    <span className={`break-words ${className}`}>
      {emailBreakParts(email).map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
