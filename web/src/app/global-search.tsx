/**
 * The search box in the header: one field that finds customers, contacts, leads and whatever else the user may
 * read, typo-tolerant and ranked by the server (GET /api/v1/search). Ctrl+K or "/" focuses it from anywhere.
 */
import { Badge, Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiClient, body } from '../api/client';
import { label, useMeta } from '../views/meta';
import { recordHref } from '../views/record/record-href';
import { currentLanguage } from './i18n';

/** Below this the server would match nearly everything; it asks for at least two characters too. */
const MIN_LENGTH = 2;

export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), 200);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const meta = useMeta();
  const results = useQuery({
    queryKey: ['search', query],
    queryFn: async () =>
      (await body(apiClient.GET('/api/v1/search', { params: { query: { q: query, limit: 12 } } }))).data,
    enabled: query.length >= MIN_LENGTH,
    staleTime: 30_000,
  });
  useHotkeys([
    ['mod+K', () => input.current?.focus()],
    ['/', () => input.current?.focus()],
  ]);

  const language = currentLanguage();
  const entityOf = (name: string) => meta.data?.find((entity) => entity.name === name);
  const open = (value: string) => {
    const [entity, id] = value.split(':');
    const path = entity ? entityOf(entity)?.path : undefined;
    if (!path || !id) return;
    setText('');
    combobox.closeDropdown();
    input.current?.blur();
    void navigate(recordHref(path, id));
  };

  const hits = query.length >= MIN_LENGTH ? (results.data ?? []) : [];
  return (
    <Combobox store={combobox} onOptionSubmit={open} withinPortal>
      <Combobox.Target>
        <TextInput
          ref={input}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          leftSection={<IconSearch size={16} />}
          rightSection={results.isFetching ? <Loader size={14} /> : null}
          w={{ base: 160, md: 320 }}
          data-testid="global-search"
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={query.length < MIN_LENGTH}>
        <Combobox.Options>
          {hits.map((hit) => {
            const entity = entityOf(hit.entity);
            return (
              <Combobox.Option value={`${hit.entity}:${hit.id}`} key={`${hit.entity}:${hit.id}`}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" truncate>
                    {hit.title}
                  </Text>
                  <Badge size="xs" variant="light" color="gray">
                    {entity ? label(entity.label, language) : hit.entity}
                  </Badge>
                </Group>
              </Combobox.Option>
            );
          })}
          {results.isSuccess && hits.length === 0 && <Combobox.Empty>{t('search.nothing')}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
