/**
 * The tray menu as data: what the core builds (tray/tray-menu.ts) and the platform shows
 * (main/electron/tray.ts). Labels only, never token values.
 */
export type TrayAction = { kind: 'copy'; tokenId: string } | { kind: 'open-window' } | { kind: 'leak-panel' } | { kind: 'lock' } | { kind: 'quit' };

export type TrayItem =
  { type: 'item'; label: string; action: TrayAction; enabled: boolean } | { type: 'submenu'; label: string; items: TrayItem[] } | { type: 'separator' };
