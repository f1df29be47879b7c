export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch?: number;
  packager: { executableName: string; appInfo: { productFilename: string }; config?: { electronFuses?: Record<string, boolean> } };
}
export declare function fuseIndex(key: string): number;
export declare function fuseConfig(electronFuses: Record<string, boolean>, options?: { resetAdHocDarwinSignature?: boolean }): Record<string, unknown>;
export declare function fuseDifferences(wire: Record<string, unknown>, electronFuses: Record<string, boolean>): string[];
export declare function checkPackagedFuses(binaryPath: string, electronFuses: Record<string, boolean>): Promise<void>;
export declare function packagedBinary(context: Omit<PackContext, 'arch'>): string;
export declare function afterPack(context: PackContext): Promise<void>;
export default afterPack;
