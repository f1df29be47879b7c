/**
 * The domain model: types only, importing nothing outside this folder. The core works in these
 * types, and the IPC contract (preload/contract.ts) re-exports the ones the window sees.
 */
export type * from './accounts';
export type * from './app';
export type * from './audit';
export type * from './errors';
export type * from './events';
export type * from './leak';
export type * from './lock';
export type * from './providers';
export type * from './resources';
export type * from './scan';
export type * from './settings';
export type * from './sync';
export type * from './tokens';
export type * from './tray';
