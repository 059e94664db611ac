/**
 * The entity descriptions of GET /api/v1/meta: everything the generic views need to show an entity they have
 * never heard of (fields, types, labels in both languages, what the user may do).
 */
import { useQuery } from '@tanstack/react-query';
import { get } from '../app/api';
import type { Language } from '../app/i18n';

export interface Label {
  en: string;
  de: string;
}

export type Scope = 'own' | 'team' | 'all';
export type Action = 'read' | 'create' | 'update' | 'delete' | 'export';

export interface FieldMeta {
  name: string;
  type: string;
  label: Label;
  required: boolean;
  readOnly: boolean;
  writeOnly: boolean;
  system: boolean;
  /** `colour`: a palette colour the value is shown in (a status badge). */
  options?: { value: string; label: Label; colour?: string }[];
  target?: string;
  filterable: boolean;
  sortable: boolean;
  operators: string[];
}

export interface EntityMeta {
  name: string;
  path: string;
  label: Label;
  labelPlural: Label;
  titleField: string;
  searchFields: string[];
  defaultSort: string;
  owned: boolean;
  /** Records form a tree through `parentId`; links into it take the `within` filter. */
  tree?: boolean;
  permissions: Record<Action, Scope | null>;
  fields: FieldMeta[];
}

/** The metadata changes only with a deployment or a custom field: one fetch per session is plenty. */
export function useMeta() {
  return useQuery({
    queryKey: ['meta'],
    queryFn: async () => (await get<{ data: EntityMeta[] }>('/api/v1/meta')).data,
    staleTime: 10 * 60_000,
  });
}

export function label(text: Label, language: Language): string {
  return text[language] || text.en;
}

/** A record named in both languages as data (`name`, `nameDe`: stages, items, tax templates): its German name for German readers where it has one. */
export function localName(row: { name: string; nameDe?: string | null }, language: Language): string {
  return (language === 'de' && row.nameDe) || row.name;
}

export function fieldOf(entity: EntityMeta, name: string): FieldMeta | undefined {
  return entity.fields.find((field) => field.name === name);
}
