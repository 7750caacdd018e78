/**
 * The "storage ran out mid-download" sentences (`errors.storageFull.*`, one key per combination), built the same
 * way in every language from that language's parts.
 */
export interface StorageFullParts {
  saving: string;
  start: string;
  privateWindow: string;
  allows: string;
  kept: string;
}

export function storageFullSentences(p: StorageFullParts) {
  return {
    savingPrivate: p.saving + p.privateWindow + p.kept,
    savingAllows: p.saving + p.allows + p.kept,
    saving: p.saving + p.kept,
    startPrivate: p.start + p.privateWindow + p.kept,
    startAllows: p.start + p.allows + p.kept,
    start: p.start + p.kept,
  };
}
