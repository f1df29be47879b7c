/**
 * The OS clipboard formats that mark a copy as a secret, so clipboard history managers and cloud
 * clipboards skip it (as KeePassXC's Clipboard.cpp does). Electron >= 44 writes a raw OS
 * format through the custom type `electron application/osclipboard;format="<native name>"`.
 */
export type MarkerValue = { kind: 'text'; text: string } | { kind: 'dword'; value: number } | { kind: 'empty' };

export interface ClipboardMarker {
  format: string;
  value: MarkerValue;
}

const osFormat = (name: string): string => `electron application/osclipboard;format="${name}"`;

export function concealedClipboardMarkers(platform: NodeJS.Platform): ClipboardMarker[] {
  switch (platform) {
    case 'win32':
      return [
        { format: osFormat('ExcludeClipboardContentFromMonitorProcessing'), value: { kind: 'empty' } },
        { format: osFormat('CanIncludeInClipboardHistory'), value: { kind: 'dword', value: 0 } },
        { format: osFormat('CanUploadToCloudClipboard'), value: { kind: 'dword', value: 0 } },
      ];
    case 'darwin':
      return [{ format: osFormat('org.nspasteboard.ConcealedType'), value: { kind: 'empty' } }];
    default:
      return [{ format: osFormat('x-kde-passwordManagerHint'), value: { kind: 'text', text: 'secret' } }];
  }
}

/** The bytes a marker carries: a little-endian DWORD, UTF-8 text, or nothing. */
export function markerBytes(value: MarkerValue): Uint8Array<ArrayBuffer> {
  if (value.kind === 'text') return new TextEncoder().encode(value.text);
  if (value.kind === 'dword') {
    const bytes = new Uint8Array(new ArrayBuffer(4));
    new DataView(bytes.buffer).setUint32(0, value.value, true);
    return bytes;
  }
  return new Uint8Array(new ArrayBuffer(0));
}
