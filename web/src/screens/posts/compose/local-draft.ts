/** A new draft not yet saved to the server, kept in this browser so no text is ever lost. */
export interface LocalDraft {
  campaignId: string;
  channelIds: string[];
  segments: string[];
  quoteIds: string[];
  savedAt: string;
}

const KEY = 'countervoice:compose:new-draft';

export function readLocalDraft(): LocalDraft | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    const draft = raw ? (JSON.parse(raw) as LocalDraft) : null;
    return draft && Array.isArray(draft.segments) && draft.segments.some((s) => s.trim())
      ? draft
      : null;
  } catch {
    return null;
  }
}

export function writeLocalDraft(draft: LocalDraft | null): void {
  try {
    if (draft) window.localStorage.setItem(KEY, JSON.stringify(draft));
    else window.localStorage.removeItem(KEY);
  } catch {
    // Storage full or disabled: the leave warning still guards the text.
  }
}
