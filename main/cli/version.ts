/** Replaced at build time by the version in package.json. */
declare const __TOKENDESK_VERSION__: string | undefined;
export const VERSION: string = typeof __TOKENDESK_VERSION__ === 'string' ? __TOKENDESK_VERSION__ : '0.0.0-dev';
