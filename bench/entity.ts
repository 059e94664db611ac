import { defineEntity } from '../src/core/entity.js';
import type { Label } from '../src/core/fields.js';
import { registerRecordRoutes } from '../src/http/record-routes.js';
import type { CrmModule } from '../src/modules/module.js';

const option = (value: string, en: string, de: string) => ({ value, label: { en, de } as Label });

export const BENCH_STATUSES = ['open', 'qualified', 'won', 'lost'] as const;
export const BENCH_REGIONS = ['emea', 'na', 'apac', 'latam'] as const;

/**
 * An entity that exists only for the benchmark: defined with the same engine as every module's entities, so the
 * benchmark also shows that nothing in the engine is special-cased for the built-in ones.
 */
export const benchItemEntity = defineEntity({
  name: 'benchItem',
  table: 'bench_items',
  label: { en: 'Bench item', de: 'Messobjekt' },
  labelPlural: { en: 'Bench items', de: 'Messobjekte' },
  titleField: 'name',
  searchFields: ['name', 'email'],
  fields: {
    name: { type: 'text', label: { en: 'Name', de: 'Name' }, required: true, maxLength: 200 },
    email: { type: 'email', label: { en: 'E-mail', de: 'E-Mail' } },
    status: {
      type: 'select',
      label: { en: 'Status', de: 'Status' },
      required: true,
      default: 'open',
      options: [
        option('open', 'Open', 'Offen'),
        option('qualified', 'Qualified', 'Qualifiziert'),
        option('won', 'Won', 'Gewonnen'),
        option('lost', 'Lost', 'Verloren'),
      ],
    },
    amount: { type: 'currency', label: { en: 'Amount', de: 'Betrag' } },
    score: { type: 'integer', label: { en: 'Score', de: 'Bewertung' }, min: 0, max: 100 },
    region: {
      type: 'select',
      label: { en: 'Region', de: 'Region' },
      options: [
        option('emea', 'EMEA', 'EMEA'),
        option('na', 'North America', 'Nordamerika'),
        option('apac', 'Asia-Pacific', 'Asien-Pazifik'),
        option('latam', 'Latin America', 'Lateinamerika'),
      ],
    },
    closedOn: { type: 'date', label: { en: 'Closed on', de: 'Abgeschlossen am' } },
  },
});

export const benchModule: CrmModule = {
  name: 'bench',
  entities: [benchItemEntity],
  register({ app, records }) {
    registerRecordRoutes(app, records, benchItemEntity);
  },
};
