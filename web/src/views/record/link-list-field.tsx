import { ActionIcon, Button, Group, Input, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../app/api';
import type { Language } from '../../app/i18n';
import { type EntityMeta, label } from '../meta';
import { LinkPicker } from './link-picker';
import type { RecordFieldMeta } from './record-types';

export interface LinkRow {
  entity: string;
  id: string;
  role?: string | null;
}

export function linkTargets(field: RecordFieldMeta): string[] | undefined {
  const targets = field.schema?.['x-link-targets'];
  return Array.isArray(targets) && targets.length ? targets : undefined;
}

const asRows = (value: unknown): LinkRow[] => (Array.isArray(value) ? (value as LinkRow[]) : []);

/**
 * A link list (a contact's customers and prospects, each with a role): per row the kind of record, a search
 * over its records by title with a link to the one chosen, and the role.
 */
export function LinkListField({
  field,
  fieldLabel,
  value,
  onChange,
  meta,
  language,
  problems,
  message,
}: {
  field: RecordFieldMeta;
  fieldLabel: string;
  value: unknown;
  onChange: (value: unknown) => void;
  meta: EntityMeta[];
  language: Language;
  problems: FieldProblem[];
  message: (problem: FieldProblem, type?: string) => string;
}) {
  const { t } = useTranslation();
  const rows = asRows(value);
  const targets = (linkTargets(field) ?? []).flatMap((name) => meta.filter((entity) => entity.name === name));
  const at = (index: number, part?: string) => {
    const path = [field.name, index, part].filter((x) => x !== undefined).join('/');
    const problem = problems.find((p) => p.field === path);
    return problem ? message(problem, part === 'id' ? 'link' : 'text') : undefined;
  };
  const whole = problems.find((p) => p.field === field.name);
  const set = (index: number, next: Partial<LinkRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...next } : row)));
  const first = targets[0];
  return (
    <Input.Wrapper label={fieldLabel} error={whole ? message(whole, 'json') : undefined}>
      <Stack gap="xs" mt={4}>
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('record.noEntries')}
          </Text>
        )}
        {rows.map((row, index) => {
          const target = targets.find((entity) => entity.name === row.entity);
          return (
            <Paper key={index} withBorder p="xs" radius="sm" data-testid={`${field.name}-row-${index}`}>
              <Group align="flex-start" gap="xs" wrap="nowrap">
                <Select
                  label={t('record.itemFields.entity')}
                  w={140}
                  data={targets.map((entity) => ({
                    value: entity.name,
                    label: label(entity.label, language),
                  }))}
                  value={row.entity}
                  allowDeselect={false}
                  error={at(index, 'entity')}
                  onChange={(next) => next && set(index, { entity: next, id: '' })}
                />
                <div style={{ flex: 1, minWidth: 0 }}>
                  {target ? (
                    <LinkPicker
                      target={target}
                      label={t('record.itemFields.id')}
                      required
                      value={row.id || null}
                      onChange={(next) => set(index, { id: next ?? '' })}
                      error={at(index, 'id') ?? at(index)}
                    />
                  ) : (
                    <TextInput label={t('record.itemFields.id')} value={row.id} disabled />
                  )}
                </div>
                <TextInput
                  label={t('record.itemFields.role')}
                  w={130}
                  value={row.role ?? ''}
                  maxLength={100}
                  error={at(index, 'role')}
                  onChange={(event) => set(index, { role: event.currentTarget.value || null })}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={28}
                  aria-label={t('record.removeEntry')}
                  onClick={() => onChange(rows.filter((_, i) => i !== index))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Paper>
          );
        })}
        {first && (
          <Group>
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              aria-label={`${fieldLabel}: ${t('record.addEntry')}`}
              onClick={() => onChange([...rows, { entity: first.name, id: '', role: null }])}
            >
              {t('record.addEntry')}
            </Button>
          </Group>
        )}
      </Stack>
    </Input.Wrapper>
  );
}
