/** What the record view reads from /api/v1/meta and the record routes, beyond what the list needs. */
import type { FieldMeta, Label } from '../meta';

/** The part of JSON Schema the record form understands for json fields (arrays of small objects). */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxLength?: number;
  /** Labels in both languages, when the server gives them (our own extension of JSON Schema). */
  'x-label'?: Label;
  /** A link list's target entities (src/core/link-lists.ts): rows of `{entity, id, role}`. */
  'x-link-targets'?: string[];
  /** Option labels in both languages for an `enum`, by value. */
  'x-enum-labels'?: Record<string, Label>;
}

/** A field as /meta describes it, with the members only a form needs. */
export interface RecordFieldMeta extends FieldMeta {
  unique?: boolean;
  createOnly?: boolean;
  default?: unknown;
  maxLength?: number;
  pattern?: string;
  /** The JSON schema of a json field, when /meta includes it. */
  schema?: JsonSchema;
}

/** One record as the API answers it: system fields plus the entity's own. */
export type RecordData = {
  id: string;
  version: number;
  deletedAt: string | null;
} & Record<string, unknown>;

/** One entry of GET …/{id}/history. */
export interface AuditEntry {
  id: string;
  action: 'create' | 'update' | 'delete' | 'restore' | 'merge' | 'share' | string;
  actorId: string | null;
  actorName: string | null;
  apiKeyId: string | null;
  at: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}
