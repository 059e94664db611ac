/**
 * The JSON schemas of json fields (a contact's e-mail addresses, a record's links), which /api/v1/meta does
 * not carry. The OpenAPI document has them, generated from the same definitions; it is fetched once per session
 * and only when a form shows a json field whose schema /meta left out.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { get } from '../../app/api';
import type { EntityMeta } from '../meta';
import type { JsonSchema, RecordFieldMeta } from './record-types';

interface OpenApiDocument {
  components?: { schemas?: Record<string, { properties?: Record<string, JsonSchema> }> };
}

/** The component name the server gives an entity's schema (src/http/record-routes.ts: schemaId). */
export function schemaName(entityName: string): string {
  return entityName.charAt(0).toUpperCase() + entityName.slice(1);
}

/** The entity with a schema on each json field, from /meta when it has one, else from the OpenAPI document. */
export function useWithJsonSchemas(entity: EntityMeta): { entity: EntityMeta; isPending: boolean } {
  const fields = entity.fields as RecordFieldMeta[];
  const missing = fields.some((field) => field.type === 'json' && !field.schema);
  const query = useQuery({
    queryKey: ['openapi-schemas'],
    enabled: missing,
    staleTime: Infinity,
    queryFn: async () => (await get<OpenApiDocument>('/api/openapi.json')).components?.schemas ?? {},
  });
  const properties = query.data?.[schemaName(entity.name)]?.properties;
  const enriched = useMemo(() => {
    if (!missing || !properties) return entity;
    return {
      ...entity,
      fields: fields.map((field) =>
        field.type === 'json' && !field.schema && properties[field.name]
          ? { ...field, schema: properties[field.name] }
          : field,
      ),
    };
  }, [entity, fields, missing, properties]);
  // A failed fetch leaves the fields as JSON text: still editable, so it does not hold the form up.
  return { entity: enriched, isPending: missing && query.isPending };
}
