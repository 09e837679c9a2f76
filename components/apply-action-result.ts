import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ActionResult } from '@/lib/action';

/** Puts a server action's field errors beside their fields, and its form error at the top. */
export function applyActionResult<T extends FieldValues>(result: ActionResult<object>, setError: UseFormSetError<T>): boolean {
  if (result.ok) return true;
  for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
    setError((field === '_form' ? 'root' : field) as Path<T>, { message });
  }
  if (result.formError) setError('root', { message: result.formError });
  return false;
}
