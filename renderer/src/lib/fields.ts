/**
 * Problems on fields: each shown once, in words, under its field. Forms check what they can
 * before sending (required, a URL, a number in range); what main refuses comes back as issues
 * (`path: what is wrong`), and those are put on the field they name too.
 */
import { UiError } from './api';

export type Problems = Record<string, string>;

/** Issues of an error, keyed by field (the last part of the path that names a known field). */
export function problemsFrom(error: unknown, known: readonly string[]): Problems {
  if (!(error instanceof UiError)) return {};
  const problems: Problems = {};
  for (const issue of error.payload.issues ?? []) {
    const at = issue.indexOf(': ');
    if (at < 0) continue;
    const path = issue.slice(0, at).split('.');
    const field = [...path].reverse().find((p) => known.includes(p));
    if (field && !problems[field]) problems[field] = sentence(issue.slice(at + 2));
  }
  return problems;
}

/** `must be a URL` -> `Must be a URL.` */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Focuses the first field (in page order) that has a problem: `[data-field="name"]` inside `root`. */
export function focusFirstProblem(root: HTMLElement | undefined, problems: Problems): void {
  if (!root) return;
  const fields = [...root.querySelectorAll<HTMLElement>('[data-field]')];
  fields.find((el) => problems[el.dataset['field'] ?? ''])?.focus();
}

/** A URL as the app accepts one: https, or http to this machine. Null when fine, else the problem. */
export function urlProblem(value: string, example: string): string | null {
  const text = value.trim();
  if (!text) return `Enter the address, for example ${example}.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `Enter a full address starting with https://, for example ${example}.`;
  }
  const local = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return null;
  return 'The address must start with https:// (http:// only for a server on this machine).';
}

/** Problems of a whole number field: required, whole, within bounds. */
export function numberProblem(value: number | null, min: number, max: number, unit: string): string | null {
  if (value === null || Number.isNaN(value)) return `Enter a number of ${unit}.`;
  if (!Number.isInteger(value)) return `Enter a whole number of ${unit}.`;
  if (value < min || value > max) return `Enter ${min} to ${max} ${unit}.`;
  return null;
}

/** The attributes a control inside <Field name=…> takes: its id, what describes it, whether it is invalid. */
export function control(
  name: string,
  problems: Problems,
  hint = false,
): { id: string; 'data-field': string; 'aria-invalid': 'true' | undefined; 'aria-describedby': string | undefined } {
  const ids = [problems[name] ? `f-${name}-problem` : '', hint ? `f-${name}-hint` : ''].filter(Boolean).join(' ');
  return { id: `f-${name}`, 'data-field': name, 'aria-invalid': problems[name] ? 'true' : undefined, 'aria-describedby': ids || undefined };
}
