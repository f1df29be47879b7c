/** The metadata store of a profile folder, opened on its own (store and crash tests). */
import { MetadataStore } from '../../main/core/store/metadata-store';
import { ProfileLock } from '../../main/core/store/profile-lock';

export function openStore(dir: string): { store: MetadataStore; recoveredFrom?: string } {
  return MetadataStore.open(new ProfileLock(dir));
}
