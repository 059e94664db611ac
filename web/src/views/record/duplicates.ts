/**
 * The 409 `duplicates` problem the API answers when a record looks like existing ones (src/core/duplicates.ts):
 * the candidates it names and how many more the user may not read. The form shows them and lets the user
 * confirm, which repeats the write with `?duplicates=allow`.
 */
import { ApiError } from '../../app/api';

export interface DuplicateCandidate {
  /** The candidate's entity when it is not the written record's (a lead resembling a customer). */
  entity?: string;
  id: string;
  title: string;
  /** The keys it shares with the record being written: `email`, `phone`, `name`, `taxId`. */
  matches: string[];
}

export interface Duplicates {
  candidates: DuplicateCandidate[];
  hidden: number;
}

function candidate(value: unknown): DuplicateCandidate | null {
  if (!value || typeof value !== 'object') return null;
  const { entity, id, title, matches } = value as Record<string, unknown>;
  if (typeof id !== 'string') return null;
  return {
    ...(typeof entity === 'string' ? { entity } : {}),
    id,
    title: typeof title === 'string' ? title : '',
    matches: Array.isArray(matches) ? matches.filter((m): m is string => typeof m === 'string') : [],
  };
}

/**
 * The duplicates a failed write reports, or null when the error is anything else. The problem's extension
 * members are read defensively: a proxy or an older server may answer 409 for another reason.
 */
export function duplicatesOf(error: unknown): Duplicates | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.type !== 'duplicates') return null;
  const body = error.problem as unknown as Record<string, unknown>;
  const candidates = Array.isArray(body.candidates)
    ? body.candidates.map(candidate).filter((c): c is DuplicateCandidate => c !== null)
    : [];
  const hidden = typeof body.hiddenCandidates === 'number' ? body.hiddenCandidates : 0;
  return { candidates, hidden };
}

/** The write's URL, confirming a duplicate when the user chose "Save anyway". */
export function withDuplicates(url: string, allow: boolean): string {
  return allow ? `${url}?duplicates=allow` : url;
}
