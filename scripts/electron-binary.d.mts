export declare function findElectronBinary(root?: string): { path: string } | { path: null; reason: string };
