'use client';

/*
 * Move up / move down / remove for one item of a field array. The buttons stay focusable at the
 * ends of the list (aria-disabled rather than disabled), and focus follows the moved item, so a
 * keyboard user can press "Move up" repeatedly.
 */

const button =
  'inline-flex min-h-10 min-w-10 items-center justify-center rounded-md border border-slate-300 bg-white px-2 text-sm font-semibold text-slate-800 hover:bg-slate-50 focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-teal-600 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 aria-disabled:hover:bg-white';

/** The id of an item's move button (`path` is the field array's name, e.g. problems.0.goals). */
export function moveButtonId(path: string, index: number, direction: 'up' | 'down'): string {
  return `${path.replaceAll('.', '-')}-${index}-${direction}`;
}

/** Focuses an element once React has rendered the list in its new order. */
export function focusSoon(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

type Props = {
  /** The field array's name, for stable element ids. */
  path: string;
  index: number;
  count: number;
  /** What the item is, for the buttons' accessible names, e.g. "goal 1.2". */
  what: string;
  onMove: (from: number, to: number) => void;
  onRemove?: () => void;
  /** Why the item cannot be removed (e.g. a problem's last goal), if it cannot. */
  removeBlocked?: string;
};

export function ItemControls({ path, index, count, what, onMove, onRemove, removeBlocked }: Props) {
  const move = (direction: 'up' | 'down') => {
    const to = direction === 'up' ? index - 1 : index + 1;
    if (to < 0 || to >= count) return;
    onMove(index, to);
    focusSoon(moveButtonId(path, to, direction));
  };
  return (
    <div className="flex shrink-0 items-center gap-1 print:hidden">
      <button
        type="button"
        id={moveButtonId(path, index, 'up')}
        className={button}
        aria-disabled={index === 0 ? true : undefined}
        onClick={() => move('up')}
        title={`Move ${what} up`}
      >
        <span aria-hidden="true">↑</span>
        <span className="sr-only">Move {what} up</span>
      </button>
      <button
        type="button"
        id={moveButtonId(path, index, 'down')}
        className={button}
        aria-disabled={index === count - 1 ? true : undefined}
        onClick={() => move('down')}
        title={`Move ${what} down`}
      >
        <span aria-hidden="true">↓</span>
        <span className="sr-only">Move {what} down</span>
      </button>
      {onRemove ? (
        <button
          type="button"
          className={`${button} text-red-800`}
          aria-disabled={removeBlocked ? true : undefined}
          title={removeBlocked ?? `Remove ${what}`}
          onClick={() => {
            if (!removeBlocked) onRemove();
          }}
        >
          Remove<span className="sr-only"> {what}</span>
        </button>
      ) : null}
    </div>
  );
}
