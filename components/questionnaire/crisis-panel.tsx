/**
 * Crisis resources (the clinic's text). The `alert` variant announces itself the moment it appears
 * (a risk answer); the `note` variant is the calm notice shown before a PHQ-9 starts. Neither
 * blocks the form.
 */
export function CrisisPanel({
  text,
  variant = 'alert',
  audience = 'client',
  during = 'form',
  passedOn = during === 'confirmation',
}: {
  text: string;
  variant?: 'alert' | 'note';
  /** Who reads it: the client, or a therapist entering a client's answers. */
  audience?: 'client' | 'therapist';
  /** Shown while the form is being filled in, or on the confirmation after it. */
  during?: 'form' | 'confirmation';
  /** Whether the server has confirmed it stored the risk answer (and raised the urgent alert). */
  passedOn?: boolean;
}) {
  if (variant === 'note') {
    return (
      <section aria-labelledby="before-you-start" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950">
        <h2 id="before-you-start" className="mb-1 text-base font-semibold">
          Before you start
        </h2>
        <p className="text-sm">Nobody reads these answers as you give them. Your therapist sees them later, not straight away.</p>
        <p className="mt-2 text-sm font-medium whitespace-pre-line">{text}</p>
      </section>
    );
  }
  return (
    <div role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-4 text-red-950">
      <p className="mb-1 text-base font-bold">{audience === 'client' ? 'If you need help now' : 'Risk answer: an urgent alert is raised for this client'}</p>
      <p className="text-sm whitespace-pre-line">{text}</p>
      {audience === 'client' ? (
        <p className="mt-2 text-sm">
          {passedOn
            ? 'Your answer has been passed on to your therapist, but nobody reads it in real time: they will see it when they next check.'
            : 'Your answer is passed on to your therapist as soon as it is saved, but nobody reads it in real time.'}
          {during === 'form' ? ' You can carry on with the form when you are ready.' : ''}
        </p>
      ) : null}
    </div>
  );
}
