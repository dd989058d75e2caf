/**
 * How library records are shown to every reader: the API's response bodies and the audit log's
 * snapshots are the same view, so an audit row records exactly what a reader could see.
 */
import type { ConsentStatus } from '../db/schema/index.js';
import type { DefectorRow } from './defectors.repository.js';
import type { SourceRow } from './sources.repository.js';

export interface SourceView {
  id: string;
  outlet: string;
  title: string;
  url: string;
  author: string | null;
  publishedOn: string | null;
  retrievedAt: string | null;
  archiveUrl: string | null;
  language: string;
  createdAt: string;
}

export const sourceView = (row: SourceRow): SourceView => ({
  id: row.id,
  outlet: row.outlet,
  title: row.title,
  url: row.url,
  author: row.author,
  publishedOn: row.publishedOn,
  retrievedAt: row.retrievedAt?.toISOString() ?? null,
  archiveUrl: row.archiveUrl,
  language: row.language,
  createdAt: row.createdAt.toISOString(),
});

/** The fields every reader may see; never the internal notes. */
export interface DefectorView {
  id: string;
  displayName: string;
  nationality: string | null;
  ageAsReported: number | null;
  gender: string | null;
  consentStatus: ConsentStatus;
  createdAt: string;
  updatedAt: string;
}

export const defectorView = (row: DefectorRow): DefectorView => ({
  id: row.id,
  displayName: row.displayName,
  nationality: row.nationality,
  ageAsReported: row.ageAsReported,
  gender: row.gender,
  consentStatus: row.consentStatus,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
