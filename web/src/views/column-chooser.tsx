import { ActionIcon, Button, Checkbox, Group, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconColumns } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { moveColumn, showableFields } from './columns';
import { type EntityMeta, label } from './meta';

interface ColumnChooserProps {
  entity: EntityMeta;
  /** The names shown now, in order. */
  shown: string[];
  language: Language;
  /** `null` goes back to the list's default columns. */
  onChange: (columns: string[] | null) => void;
}

/** Which fields are columns, and in which order: shown ones first (movable), then the others to add. */
export function ColumnChooser({ entity, shown, language, onChange }: ColumnChooserProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const fields = showableFields(entity);
  const nameOf = (name: string) => {
    const field = fields.find((candidate) => candidate.name === name);
    return field ? label(field.label, language) : name;
  };
  const visible = shown.filter((name) => fields.some((field) => field.name === name));
  const hidden = fields
    .filter((field) => !visible.includes(field.name))
    .sort((a, b) => label(a.label, language).localeCompare(label(b.label, language), language));
  const toggle = (name: string) =>
    onChange(visible.includes(name) ? visible.filter((n) => n !== name) : [...visible, name]);

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={300} shadow="md" trapFocus>
      <Popover.Target>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconColumns size={16} />}
          onClick={() => setOpened((open) => !open)}
        >
          {t('list.columns.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Text fw={600} size="sm" px={4} pb={6}>
          {t('list.columns.title')}
        </Text>
        <ScrollArea.Autosize mah={360} type="auto">
          <Stack gap={2} data-testid="column-chooser">
            {visible.map((name, index) => (
              <Group key={name} justify="space-between" wrap="nowrap" px={4} gap={4}>
                <Checkbox
                  label={nameOf(name)}
                  checked
                  // The last column stays: a list without columns shows nothing to click.
                  disabled={visible.length === 1}
                  onChange={() => toggle(name)}
                />
                <Group gap={0} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    disabled={index === 0}
                    aria-label={t('list.columns.up', { field: nameOf(name) })}
                    onClick={() => onChange(moveColumn(visible, index, -1))}
                  >
                    <IconChevronUp size={14} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    disabled={index === visible.length - 1}
                    aria-label={t('list.columns.down', { field: nameOf(name) })}
                    onClick={() => onChange(moveColumn(visible, index, 1))}
                  >
                    <IconChevronDown size={14} />
                  </ActionIcon>
                </Group>
              </Group>
            ))}
            {hidden.map((field) => (
              <Checkbox
                key={field.name}
                px={4}
                py={2}
                label={label(field.label, language)}
                checked={false}
                onChange={() => toggle(field.name)}
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <Button variant="subtle" size="compact-xs" mt="xs" onClick={() => onChange(null)}>
          {t('list.columns.reset')}
        </Button>
      </Popover.Dropdown>
    </Popover>
  );
}
