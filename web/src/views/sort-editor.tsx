import { Button, CloseButton, Group, Popover, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { type EntityMeta, label } from './meta';
import { MAX_SORT_KEYS, type SortKey } from './sort';

interface SortEditorProps {
  entity: EntityMeta;
  sort: SortKey[];
  language: Language;
  onChange: (sort: SortKey[]) => void;
}

/** The sort keys in order, each with its direction: the place to sort by several columns without a mouse. */
export function SortEditor({ entity, sort, language, onChange }: SortEditorProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const fields = entity.fields
    .filter((field) => field.sortable && field.name !== 'id')
    .sort((a, b) => label(a.label, language).localeCompare(label(b.label, language), language));
  const unused = fields.filter((field) => !sort.some((key) => key.field === field.name));
  const replace = (index: number, key: SortKey) => onChange(sort.map((k, i) => (i === index ? key : k)));
  const first = sort[0];
  const FirstIcon = first ? (first.descending ? IconArrowDown : IconArrowUp) : IconArrowsSort;

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="md" trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          size="xs"
          leftSection={<FirstIcon size={16} />}
          onClick={() => setOpened((open) => !open)}
        >
          {t('list.sort.button')}
          {sort.length > 1 ? ` (${sort.length})` : ''}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" data-testid="sort-editor">
          <Text fw={600} size="sm">
            {t('list.sort.title')}
          </Text>
          {sort.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('list.sort.none')}
            </Text>
          )}
          {sort.map((key, index) => {
            const fieldLabel = label(
              fields.find((field) => field.name === key.field)?.label ?? { en: key.field, de: key.field },
              language,
            );
            return (
              <Group key={key.field} gap={6} wrap="nowrap">
                <Text size="xs" c="dimmed" w={56} ta="right">
                  {index === 0 ? '' : t('list.sort.then')}
                </Text>
                <Select
                  size="xs"
                  style={{ flex: 1 }}
                  aria-label={fieldLabel}
                  data={fields
                    .filter((field) => field.name === key.field || unused.includes(field))
                    .map((field) => ({ value: field.name, label: label(field.label, language) }))}
                  value={key.field}
                  allowDeselect={false}
                  onChange={(name) => name && replace(index, { ...key, field: name })}
                  comboboxProps={{ withinPortal: false }}
                />
                <SegmentedControl
                  size="xs"
                  value={key.descending ? 'desc' : 'asc'}
                  onChange={(direction) => replace(index, { ...key, descending: direction === 'desc' })}
                  data={[
                    { value: 'asc', label: <IconArrowUp size={14} aria-label={t('list.sort.ascending')} /> },
                    {
                      value: 'desc',
                      label: <IconArrowDown size={14} aria-label={t('list.sort.descending')} />,
                    },
                  ]}
                />
                <CloseButton
                  size="sm"
                  aria-label={t('list.sort.remove', { field: fieldLabel })}
                  onClick={() => onChange(sort.filter((_, i) => i !== index))}
                />
              </Group>
            );
          })}
          <Button
            variant="light"
            size="xs"
            disabled={sort.length >= MAX_SORT_KEYS || unused.length === 0}
            onClick={() => {
              const next = unused[0];
              if (next) onChange([...sort, { field: next.name, descending: false }]);
            }}
          >
            {t('list.sort.add')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('list.sort.hint')}
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
