import { userInfo } from 'node:os';

/** Who the audit log says acted: the OS user running this process. */
export function actorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
