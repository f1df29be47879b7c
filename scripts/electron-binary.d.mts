export declare const ELECTRON_NODE: string;
export declare function findElectronBinary(root?: string): { path: string } | { path: null; reason: string };
export declare function nodeTooOldForElectron(version?: string): boolean;
export declare function ensureElectronBinary(
  root?: string,
  env?: NodeJS.ProcessEnv | Record<string, string | undefined>,
): { path: string } | { path: null; reason: string };
