/**
 * Window-wide keys: `/` and Ctrl/Cmd+F search, N new token, C copy the selected token, Delete
 * revoke it, ? help. Letters are ignored while the user types in a field or a dialog is open.
 */
export interface ShortcutActions {
  search(): void;
  newToken(): void;
  copySelected(): void;
  revokeSelected(): void;
  help(): void;
  dialogOpen(): boolean;
}

const isEditable = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement);

export function handleShortcut(event: KeyboardEvent, actions: ShortcutActions): void {
  if (event.defaultPrevented || event.isComposing || actions.dialogOpen()) return;
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f') {
    event.preventDefault();
    actions.search();
    return;
  }
  if (mod || event.altKey || isEditable(event.target)) return;
  const run: Record<string, (() => void) | undefined> = {
    '/': actions.search,
    n: actions.newToken,
    N: actions.newToken,
    c: actions.copySelected,
    C: actions.copySelected,
    Delete: actions.revokeSelected,
    '?': actions.help,
  };
  const action = run[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
}
