export declare const ROOT: string;
export declare const TEST_SYSTEM_PACKAGES: string[];
export declare function runNpm(args: string[], options?: object): number;
export declare function npmPackagesStale(root?: string): boolean;
export declare function ensureNpmPackages(root?: string): void;
export declare function missingDebianPackages(wanted: string[]): string[] | null;
export declare function ensureTestSystemPackages(): void;
