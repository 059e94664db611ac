import { TAG_ENTITY, defineEntity } from './entity.js';

/**
 * Tags: short coloured labels a team puts on any record ("VIP", "Trade fair 2026"). They are one list for the
 * whole CRM, as in Odoo and Frappe, so a tag means the same on a lead and on the customer it became. Records hold
 * them in `tagIds` (added to every tagged entity by defineEntity). A trashed tag stays on its records, so restoring
 * it brings it back everywhere; clients show only live tags.
 */
export const TAG_COLOURS = [
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
] as const;

const colourLabels: Record<(typeof TAG_COLOURS)[number], { en: string; de: string }> = {
  gray: { en: 'Grey', de: 'Grau' },
  red: { en: 'Red', de: 'Rot' },
  pink: { en: 'Pink', de: 'Rosa' },
  grape: { en: 'Grape', de: 'Traube' },
  violet: { en: 'Violet', de: 'Violett' },
  indigo: { en: 'Indigo', de: 'Indigo' },
  blue: { en: 'Blue', de: 'Blau' },
  cyan: { en: 'Cyan', de: 'Cyan' },
  teal: { en: 'Teal', de: 'Petrol' },
  green: { en: 'Green', de: 'Grün' },
  lime: { en: 'Lime', de: 'Limette' },
  yellow: { en: 'Yellow', de: 'Gelb' },
  orange: { en: 'Orange', de: 'Orange' },
};

export const tagEntity = defineEntity({
  name: TAG_ENTITY,
  table: 'tags',
  label: { en: 'Tag', de: 'Schlagwort' },
  labelPlural: { en: 'Tags', de: 'Schlagwörter' },
  owned: false,
  tagged: false,
  titleField: 'name',
  // Someone searching "VIP" wants the VIP customers (a tag filter), not the tag.
  searchFields: [],
  defaultSort: 'name',
  fields: {
    name: {
      type: 'text',
      label: { en: 'Name', de: 'Name' },
      required: true,
      unique: true,
      maxLength: 60,
      pattern: '\\S',
    },
    colour: {
      type: 'select',
      label: { en: 'Colour', de: 'Farbe' },
      required: true,
      default: 'gray',
      options: TAG_COLOURS.map((value) => ({ value, label: colourLabels[value] })),
    },
    description: { type: 'text', label: { en: 'Description', de: 'Beschreibung' }, maxLength: 500 },
  },
});

/** The entities the engine brings itself, registered before any module's. */
export const coreEntities = [tagEntity];
