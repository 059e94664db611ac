import { Button, Chip, Group } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { ColumnChooser } from './column-chooser';
import { FilterBuilder } from './filter-builder';
import { quickFiltersOf } from './filters';
import { type ViewState, toggleQuick, withFilter } from './list-state';
import { canMerge } from './merge';
import type { EntityMeta, FieldMeta } from './meta';
import { ViewPicker } from './saved-views';
import { SortEditor } from './sort-editor';
import type { SetViewState } from './use-view-state';

// Looking for duplicates is occasional: the dialog arrives when it opens.
const DuplicateGroupsDialog = lazy(() => import('./duplicate-groups-dialog'));

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

/** Quick filters, then the tools: filter builder, sort order, columns, saved views, duplicates. */
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
      {canMerge(entity) && <DuplicatesButton entity={entity} language={language} />}
    </Group>
  );
}

/** Opens the groups of look-alike records of the list's entity, to merge them. */
function DuplicatesButton({ entity, language }: { entity: EntityMeta; language: Language }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconCopy size={16} />}
        onClick={() => setOpened(true)}
      >
        {t('list.duplicates.button')}
      </Button>
      {opened && (
        <Suspense fallback={null}>
          <DuplicateGroupsDialog entity={entity} language={language} onClose={() => setOpened(false)} />
        </Suspense>
      )}
    </>
  );
}
