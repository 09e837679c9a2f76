import { useCallback, useEffect, useId, useRef, useState, type ChangeEvent, type Ref, type TextareaHTMLAttributes } from 'react';
import { characterCount } from './character-count';

type Props = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string;
  error?: string;
  hint?: string;
  ref?: Ref<HTMLTextAreaElement>;
  /** The schema's limit (see maxLengthOf): shows a live count, so the limit is known before submitting. */
  maxChars?: number;
};

function assignRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) ref.current = value;
}

/**
 * A labelled textarea whose error and hint are announced with it (as components/ui/text-field).
 * With `maxChars`, a count under it follows the typing; screen readers hear it on focus (it is part
 * of the description) and, politely, only once the text nears the limit.
 */
export function TextAreaField({ label, error, hint, id, className = '', rows = 3, maxChars, ref, onChange, ...textarea }: Props) {
  const generated = useId();
  const fieldId = id ?? generated;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  const countId = maxChars ? `${fieldId}-count` : undefined;
  const element = useRef<HTMLTextAreaElement | null>(null);
  const [length, setLength] = useState(0);
  const setRefs = useCallback(
    (node: HTMLTextAreaElement | null) => {
      element.current = node;
      assignRef(ref, node);
    },
    [ref],
  );
  // The form may set the value without an input event (defaults, reset after saving), and re-renders
  // when it does: check after every render; it sets state only when the length differs.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    const current = element.current?.value.length ?? 0;
    if (current !== length) setLength(current);
  });
  const count = maxChars ? characterCount(length, maxChars) : null;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={fieldId} className="text-sm font-medium text-slate-900">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <textarea
        id={fieldId}
        rows={rows}
        ref={setRefs}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, countId, errorId].filter(Boolean).join(' ') || undefined}
        className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-teal-600 aria-invalid:border-red-700"
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => {
          setLength(event.target.value.length);
          onChange?.(event);
        }}
        {...textarea}
      />
      {count ? (
        <>
          <p id={countId} className={`text-sm tabular-nums ${count.over ? 'font-semibold text-red-700' : 'text-slate-600'}`}>
            {count.visible}
          </p>
          <p className="sr-only" aria-live="polite">
            {count.announcement}
          </p>
        </>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
