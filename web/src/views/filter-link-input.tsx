import { type ComboboxItem, MultiSelect, type OptionsFilter, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntityMeta } from './meta';
import { titleOf, useLinkOptions, useRecordsById } from './record/link-data';

/** The server has filtered already; Mantine's own filter would hide records whose title lacks the text. */
const passThrough: OptionsFilter = ({ options }) => options;

interface FilterLinkInputProps {
  target: EntityMeta;
  label: string;
  /** One id, or several when `multiple`. */
  value: string[];
  onChange: (ids: string[]) => void;
  multiple: boolean;
}

/**
 * Picks records of the link's target for a filter: the server searches the target by its title as the user types
 * (the target may hold thousands of records), and the ids chosen keep their titles while the search moves on.
 */
export function FilterLinkInput({ target, label, value, onChange, multiple }: FilterLinkInputProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(search, 200);
  const chosen = useRecordsById(target, value);
  const selectedTitle = !multiple && value[0] ? titleOf(target, chosen.byId.get(value[0]), value[0]) : '';
  // A single Select writes the chosen title into its search box: that is not a search.
  const found = useLinkOptions(target, debounced === selectedTitle ? '' : debounced, opened);
  const options = new Map<string, ComboboxItem>();
  for (const id of value) options.set(id, { value: id, label: titleOf(target, chosen.byId.get(id), id) });
  for (const row of found.data ?? [])
    options.set(row.id, { value: row.id, label: titleOf(target, row, row.id) });
  const common = {
    label,
    data: [...options.values()],
    searchable: true,
    searchValue: search,
    onSearchChange: setSearch,
    filter: passThrough,
    onDropdownOpen: () => setOpened(true),
    nothingFoundMessage: found.isFetching ? t('list.filter.searching') : t('list.filter.nothingFound'),
    placeholder: t('list.filter.pick'),
    comboboxProps: { withinPortal: false },
    'data-autofocus': true,
  };
  return multiple ? (
    <MultiSelect {...common} value={value} onChange={onChange} />
  ) : (
    <Select {...common} value={value[0] ?? null} onChange={(id) => onChange(id ? [id] : [])} />
  );
}
