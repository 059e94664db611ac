import {
  ActionIcon,
  Badge,
  CloseButton,
  Group,
  MultiSelect,
  Select,
  Tooltip,
  type ComboboxItem,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconExternalLink } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RecordRow } from '../list-query';
import type { EntityMeta } from '../meta';
import { titleOf, useLinkOptions, useRecordsById } from './link-data';
import { recordHref } from './record-href';

interface PickerBase {
  target: EntityMeta;
  label: string;
  required: boolean;
  error?: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
  /** The name a picker without a visible label (a table cell) is announced by. */
  'aria-label'?: string;
}

interface LinkPickerProps extends PickerBase {
  value: string | null;
  onChange: (value: string | null) => void;
  /** Without the button that opens the record chosen (a narrow table cell, where the title links elsewhere). */
  withoutOpen?: boolean;
}

/** The options a picker shows: what the server found for the search, and what is chosen already. */
function optionsOf(target: EntityMeta, found: RecordRow[], chosen: Map<string, RecordRow>, ids: string[]) {
  const options = new Map<string, ComboboxItem>();
  for (const id of ids) options.set(id, { value: id, label: titleOf(target, chosen.get(id), id) });
  for (const row of found) options.set(row.id, { value: row.id, label: titleOf(target, row, row.id) });
  return [...options.values()];
}

function useSearch() {
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(search, 200);
  return { search, setSearch, opened, setOpened, debounced };
}

/** A link: a searchable picker over the target's records by title, and a way to open the one chosen. */
export function LinkPicker({ target, value, onChange, withoutOpen, ...base }: LinkPickerProps) {
  const { t } = useTranslation();
  const { search, setSearch, opened, setOpened, debounced } = useSearch();
  const chosen = useRecordsById(target, value ? [value] : []);
  const selectedTitle = value ? titleOf(target, chosen.byId.get(value), value) : '';
  // Mantine writes the chosen title into the search box: that is no search, the list starts from the top.
  const query = debounced === selectedTitle ? '' : debounced;
  const found = useLinkOptions(target, query, opened);
  const data = optionsOf(target, found.data ?? [], chosen.byId, value ? [value] : []);
  return (
    <Group gap={4} align="flex-end" wrap="nowrap">
      <Select
        {...base}
        withAsterisk={base.required}
        style={{ flex: 1 }}
        data={data}
        value={value}
        onChange={(next) => onChange(next)}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options }) => options}
        clearable={!base.required}
        onDropdownOpen={() => setOpened(true)}
        nothingFoundMessage={found.isFetching ? t('record.searching') : t('record.nothingFound')}
        placeholder={base.disabled ? undefined : t('record.pick')}
      />
      {value && !withoutOpen && (
        <Tooltip label={t('record.open', { title: selectedTitle })}>
          <ActionIcon
            component={Link}
            to={recordHref(target.path, value)}
            variant="subtle"
            size="lg"
            mb={base.error ? 22 : 0}
            aria-label={t('record.open', { title: selectedTitle })}
          >
            <IconExternalLink size={18} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}

/**
 * A multilink: pills that link to the records chosen, a search for more. With `colourField` (tags) the pills
 * take the colour each record names.
 */
export function MultiLinkPicker({
  target,
  value,
  onChange,
  colourField,
  ...base
}: PickerBase & { value: string[]; onChange: (value: string[]) => void; colourField?: string }) {
  const { t } = useTranslation();
  const { search, setSearch, opened, setOpened, debounced } = useSearch();
  const extra = colourField ? [colourField] : [];
  const chosen = useRecordsById(target, value, extra);
  const found = useLinkOptions(target, debounced, opened, extra);
  const rows = new Map(chosen.byId);
  for (const row of found.data ?? []) rows.set(row.id, row);
  const data = optionsOf(target, found.data ?? [], chosen.byId, value);
  const colour = (id: string) => {
    const named = colourField ? rows.get(id)?.[colourField] : undefined;
    return typeof named === 'string' ? named : 'gray';
  };
  return (
    <MultiSelect
      {...base}
      withAsterisk={base.required}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onDropdownOpen={() => setOpened(true)}
      nothingFoundMessage={found.isFetching ? t('record.searching') : t('record.nothingFound')}
      placeholder={base.disabled || value.length ? undefined : t('record.pick')}
      renderOption={({ option }) =>
        colourField ? (
          <Badge color={colour(option.value)} variant="light">
            {option.label}
          </Badge>
        ) : (
          option.label
        )
      }
      renderPill={({ option, onRemove }) => (
        <Badge
          key={String(option.value)}
          color={colourField ? colour(String(option.value)) : 'indigo'}
          variant="light"
          style={{ textTransform: 'none' }}
          rightSection={
            base.disabled ? undefined : (
              <CloseButton
                size="xs"
                variant="transparent"
                aria-label={t('record.remove', { title: option.label })}
                onMouseDown={(event) => event.preventDefault()}
                onClick={onRemove}
              />
            )
          }
        >
          <Link
            to={recordHref(target.path, String(option.value))}
            style={{ color: 'inherit', textDecoration: 'none' }}
            onMouseDown={(event) => event.stopPropagation()}
          >
            {option.label}
          </Link>
        </Badge>
      )}
    />
  );
}
