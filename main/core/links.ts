/**
 * The only external pages Tokendesk opens, by name (Electron checklist #15: no openExternal with
 * untrusted content). The renderer asks for a link by its key; it can never pass a URL.
 */
import type { ExternalLink } from './model';

export const EXTERNAL_LINKS: Readonly<Record<ExternalLink, string>> = {
  'ovh-create-app-eu': 'https://eu.api.ovh.com/createApp/',
  'ovh-create-app-ca': 'https://ca.api.ovh.com/createApp/',
  'ovh-create-app-us': 'https://api.us.ovhcloud.com/createApp/',
  'logscale-api-tokens': 'https://library.humio.com/falcon-logscale-self-hosted/security-apitokens.html',
};
