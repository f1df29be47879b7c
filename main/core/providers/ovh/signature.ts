/**
 * The OVHcloud request signature (reference §1.2, DOC-API first-steps; same code in the three
 * official SDKs):
 *
 *   "$1$" + hex(SHA1(AS + "+" + CK + "+" + METHOD + "+" + FULL_URL + "+" + BODY + "+" + TIMESTAMP))
 *
 * FULL_URL is the exact URL sent and BODY the exact text sent: we sign what goes on the wire.
 */
import { createHash } from 'node:crypto';

export interface SignatureInput {
  applicationSecret: string;
  consumerKey: string;
  method: string;
  url: string;
  body: string;
  timestamp: number | string;
}

export function signOvhRequest(input: SignatureInput): string {
  const text = [input.applicationSecret, input.consumerKey, input.method.toUpperCase(), input.url, input.body, String(input.timestamp)].join('+');
  return `$1$${createHash('sha1').update(text, 'utf8').digest('hex')}`;
}

/**
 * Compact JSON with every character >= U+0080 escaped as \uXXXX, as node-ovh does before signing.
 * Choice: the body on the wire is then plain ASCII, so the signed text and the received bytes
 * cannot differ by an encoding step anywhere between us and the API.
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
