import { Chip, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { ColumnChooser } from './column-chooser';
import { FilterBuilder } from './filter-builder';
import { quickFiltersOf } from './filters';
import { type ViewState, toggleQuick, withFilter } from './list-state';
import type { EntityMeta, FieldMeta } from './meta';
import { ViewPicker } from './saved-views';
import { SortEditor } from './sort-editor';
import type { SetViewState } from './use-view-state';

interface ListToolbarProps {
  entity: EntityMeta;
  meta: EntityMeta[];
  state: ViewState;
  setState: SetViewState;
  /** The columns shown now. */
  fields: FieldMeta[];
  standard: ViewState;
  language: Language;
}

/** Quick filters, then the tools: filter builder, sort order, columns, saved views. */
export function ListToolbar({ entity, meta, state, setState, fields, standard, language }: ListToolbarProps) {
  const { t } = useTranslation();
  const quickOffered = quickFiltersOf(entity);
  return (
    <Group gap="xs" role="toolbar" aria-label={t('list.toolbar')}>
      {quickOffered.length > 0 && (
        <Group gap={6} role="group" aria-label={t('list.quick.label')}>
          {quickOffered.map((quick) => (
            <Chip
              key={quick}
              size="xs"
              checked={state.quick.includes(quick)}
              onChange={() => setState((current) => toggleQuick(current, quick))}
            >
              {t(`list.quick.${quick}`)}
            </Chip>
          ))}
        </Group>
      )}
      <FilterBuilder
        entity={entity}
        meta={meta}
        language={language}
        onAdd={(filter) => setState((current) => withFilter(current, filter))}
      />
      <SortEditor
        entity={entity}
        sort={state.sort}
        language={language}
        onChange={(sort) => setState((current) => ({ ...current, sort }))}
      />
      <ColumnChooser
        entity={entity}
        shown={fields.map((field) => field.name)}
        language={language}
        onChange={(names) => setState((current) => ({ ...current, columns: names }))}
      />
      <ViewPicker entity={entity} state={state} standard={standard} onApply={setState} />
    </Group>
  );
}
