/**
 * Window-wide keys. Letters act only when the user is not typing in a field and no dialog is open;
 * Ctrl (⌘ on macOS) combinations also work from the search field. The help dialog lists this
 * table, so what it says is what the keys do.
 */
export type ShortcutAction =
  'search' | 'newToken' | 'copy' | 'reveal' | 'verify' | 'rotate' | 'revoke' | 'sync' | 'addAccount' | 'leak' | 'scan' | 'lock' | 'help';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

interface Binding {
  action: ShortcutAction;
  /** As the help shows it. */
  keys: string[];
  what: string;
  test(event: KeyboardEvent): boolean;
  /** Also while typing in a field. */
  inFields?: boolean;
}

const mod = (e: KeyboardEvent): boolean => (isMac ? e.metaKey : e.ctrlKey) && !e.altKey;
const plain = (e: KeyboardEvent): boolean => !e.ctrlKey && !e.metaKey && !e.altKey;
const letter = (e: KeyboardEvent, l: string): boolean => e.key.toLowerCase() === l;

export const BINDINGS: Binding[] = [
  { action: 'search', keys: ['/'], what: 'Search tokens', test: (e) => plain(e) && e.key === '/' },
  { action: 'search', keys: [MOD, 'F'], what: 'Search tokens', test: (e) => mod(e) && !e.shiftKey && letter(e, 'f'), inFields: true },
  { action: 'newToken', keys: ['N'], what: 'New token', test: (e) => plain(e) && !e.shiftKey && letter(e, 'n') },
  { action: 'copy', keys: [MOD, 'C'], what: 'Copy the selected token', test: (e) => mod(e) && !e.shiftKey && letter(e, 'c') },
  { action: 'reveal', keys: ['R'], what: 'Reveal the selected token', test: (e) => plain(e) && !e.shiftKey && letter(e, 'r') },
  { action: 'verify', keys: ['V'], what: 'Verify the selected token', test: (e) => plain(e) && !e.shiftKey && letter(e, 'v') },
  { action: 'rotate', keys: ['Shift', 'R'], what: 'Rotate the selected token', test: (e) => plain(e) && e.shiftKey && letter(e, 'r') },
  { action: 'revoke', keys: ['Delete'], what: 'Revoke the selected token', test: (e) => plain(e) && (e.key === 'Delete' || (isMac && e.key === 'Backspace')) },
  { action: 'sync', keys: ['S'], what: 'Sync (the account shown, or every account)', test: (e) => plain(e) && !e.shiftKey && letter(e, 's') },
  { action: 'addAccount', keys: ['A'], what: 'Add an account', test: (e) => plain(e) && !e.shiftKey && letter(e, 'a') },
  { action: 'leak', keys: ['L'], what: 'Revoke a leaked token', test: (e) => plain(e) && !e.shiftKey && letter(e, 'l') },
  { action: 'scan', keys: ['F'], what: 'Scan a folder for tokens', test: (e) => plain(e) && !e.shiftKey && letter(e, 'f') },
  { action: 'lock', keys: [MOD, 'L'], what: 'Lock Tokendesk', test: (e) => mod(e) && !e.shiftKey && letter(e, 'l'), inFields: true },
  { action: 'help', keys: ['?'], what: 'Keyboard shortcuts', test: (e) => !e.ctrlKey && !e.metaKey && e.key === '?' },
];

/** Keys of the list (they act where the list has the focus). */
export const LIST_KEYS: Array<{ keys: string[]; what: string }> = [
  { keys: ['↑'], what: 'Previous token' },
  { keys: ['↓'], what: 'Next token' },
  { keys: ['Page Up'], what: 'A page up' },
  { keys: ['Page Down'], what: 'A page down' },
  { keys: ['Home'], what: 'First token' },
  { keys: ['End'], what: 'Last token' },
  { keys: ['Enter'], what: 'Open the details of the selected token' },
  { keys: ['Shift', 'F10'], what: 'Actions of the selected token (also the Menu key, or a right click)' },
  { keys: ['Esc'], what: 'Close a dialog, a menu or the details' },
];

const isEditable = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement);

/** The action a key press asks for, or null. Ctrl+C with text selected in the page stays a normal copy. */
export function shortcutFor(event: KeyboardEvent, dialogOpen: boolean): ShortcutAction | null {
  if (event.defaultPrevented || event.isComposing || dialogOpen) return null;
  const typing = isEditable(event.target);
  for (const binding of BINDINGS) {
    if (!binding.test(event)) continue;
    if (typing && !binding.inFields) return null;
    if (binding.action === 'copy' && (window.getSelection()?.toString() ?? '') !== '') return null;
    return binding.action;
  }
  return null;
}
