/** LogScale emulator: see server.ts and docs/providers/logscale.md ("Emulator"). */
export { startLogScaleEmulator, UNAUTHORIZED_TEXT, MISSING_AUTH_TEXT, IP_FILTER_TEXT, INGEST_PATH } from './server';
export type { LogScaleEmulator, LogScaleEmulatorOptions, LogScaleKnobs, QueuedFault, FaultKind, RecordedRequest, SeedOptions } from './server';
export { LogScaleState, normaliseViewPermissions, EXPIRED_LISTED_FOR_MS, BUILT_IN_PARSERS, NO_INGEST_PERMISSION } from './state';
export type { EmuKind, EmuToken, EmuUser, EmuIpFilter, EmuSearchDomain, EmuKindPolicy, EmuIngestToken, EmuIngested, EmuParser } from './state';
export { loadLogScaleSchema, logScaleSchemaText, LOGSCALE_SCHEMA_PATH, LOGSCALE_SCHEMA_SHA256, LOGSCALE_SCHEMA_VERSION } from './schema';
export { ipFilterAllows, parseIpFilterRules } from './ip-filter';
