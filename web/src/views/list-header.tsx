import { Checkbox, Table } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { type FieldMeta, label } from './meta';
import { SortableHeader } from './sortable-header';
import type { SortKey } from './sort';

export const NUMERIC_TYPES = new Set(['integer', 'number', 'currency', 'percent']);

interface ListHeaderProps {
  fields: FieldMeta[];
  sort: SortKey[];
  language: Language;
  onSort: (field: string, additive: boolean) => void;
  /** The select-all box; absent when the list offers no selection. */
  selectAll?: { checked: boolean; indeterminate: boolean; disabled: boolean; toggle: () => void } | undefined;
}

/**
 * The column headers. Memoised: the table re-renders on every scrolled frame, the headers (tooltips, sort icons)
 * only when columns, sort or selection change.
 */
export const ListHeader = memo(function ListHeader({
  fields,
  sort,
  language,
  onSort,
  selectAll,
}: ListHeaderProps) {
  const { t } = useTranslation();
  return (
    <Table.Thead style={{ zIndex: 2 }}>
      <Table.Tr>
        {selectAll && (
          <Table.Th>
            <Checkbox
              aria-label={t('list.select.all')}
              disabled={selectAll.disabled}
              checked={selectAll.checked}
              indeterminate={selectAll.indeterminate}
              onChange={selectAll.toggle}
            />
          </Table.Th>
        )}
        {fields.map((field) => {
          const index = sort.findIndex((key) => key.field === field.name);
          const key = sort[index];
          return (
            <SortableHeader
              key={field.name}
              label={label(field.label, language)}
              sortable={field.sortable}
              direction={key ? (key.descending ? 'desc' : 'asc') : undefined}
              position={key && sort.length > 1 ? index + 1 : undefined}
              align={NUMERIC_TYPES.has(field.type) ? 'right' : 'left'}
              onSort={(additive) => onSort(field.name, additive)}
            />
          );
        })}
      </Table.Tr>
    </Table.Thead>
  );
});
