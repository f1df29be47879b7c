export declare const ICON_SVG: string;
export declare const TRAY_TEMPLATE_SVG: string;
export declare const LINUX_ICON_SIZES: number[];
export declare const ICO_SIZES: number[];
export declare const ICNS_SIZES: number[];
export declare const TRAY_ICO_SIZES: number[];
export declare function plannedOutputs(): string[];
export declare function generateIcons(options?: { root?: string; outDir?: string; force?: boolean }): Promise<{ written: string[]; skipped: boolean }>;
