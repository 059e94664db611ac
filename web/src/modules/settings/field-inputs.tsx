/**
 * Settings' own inputs for fields the generic form would show as plain text or JSON: a user's time zone, and
 * a tag's colour, a custom field's record type, link target and options.
 */
import {
  ActionIcon,
  Button,
  ColorSwatch,
  Group,
  Input,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { label } from '../../views/meta';
import { type FieldInputProps, FieldInput, useProblemText } from '../../views/record/field-input';

/** Entities whose records take no custom fields (src/modules/customization/entities.ts). */
const NOT_CUSTOMIZABLE = new Set(['customField', 'apiKey', 'role']);
const LINK_TYPES = new Set(['link', 'multilink']);
const CHOICE_TYPES = new Set(['select', 'multiselect']);

function timeZones(): string[] {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  } catch {
    // Older browsers: the stored zone stays editable as text (the server checks it).
    return [];
  }
}

function common(props: FieldInputProps, message: ReturnType<typeof useProblemText>) {
  const problem = props.problems[0];
  return {
    label: label(props.field.label, props.language),
    withAsterisk: props.field.required && props.editable,
    error: problem ? message(problem, props.field.type) : undefined,
    disabled: !props.editable,
  };
}

export function TimeZoneSelect(props: FieldInputProps) {
  const message = useProblemText();
  const zones = timeZones();
  const current = typeof props.value === 'string' ? props.value : '';
  if (!zones.length || !props.editable) return <FieldInput {...props} />;
  return (
    <Select
      {...common(props, message)}
      data={zones.includes(current) || !current ? zones : [current, ...zones]}
      value={current || null}
      onChange={(next) => props.onChange(next ?? '')}
      searchable
      limit={50}
    />
  );
}

/** A tag's colour, each option with its swatch (the values are Mantine's colour names). */
export function ColourSelect(props: FieldInputProps) {
  const message = useProblemText();
  if (!props.editable) return <FieldInput {...props} />;
  const current = typeof props.value === 'string' && props.value ? props.value : null;
  const swatch = (colour: string) => <ColorSwatch color={`var(--mantine-color-${colour}-6)`} size={14} />;
  return (
    <Select
      {...common(props, message)}
      data={(props.field.options ?? []).map((o) => ({
        value: o.value,
        label: label(o.label, props.language),
      }))}
      value={current}
      onChange={(next) => props.onChange(next ?? '')}
      allowDeselect={false}
      leftSection={current ? swatch(current) : undefined}
      renderOption={({ option }) => (
        <Group gap="xs" wrap="nowrap">
          {swatch(option.value)}
          {option.label}
        </Group>
      )}
    />
  );
}

/** The record types an administrator may add fields to, or (for `target`) link to. */
export function EntitySelect(props: FieldInputProps & { kind: 'entity' | 'target' }) {
  const message = useProblemText();
  const type = props.values.type;
  if (props.kind === 'target' && !LINK_TYPES.has(String(type ?? ''))) return null;
  const named = props.meta.find((entity) => entity.name === props.value);
  if (!props.editable) {
    return (
      <Input.Wrapper label={label(props.field.label, props.language)}>
        <Text size="sm" pt={6}>
          {named ? label(named.labelPlural, props.language) : String(props.value ?? '—')}
        </Text>
      </Input.Wrapper>
    );
  }
  const entities = props.meta.filter(
    (entity) => props.kind === 'target' || !NOT_CUSTOMIZABLE.has(entity.name),
  );
  return (
    <Select
      {...common(props, message)}
      data={entities
        .map((entity) => ({ value: entity.name, label: label(entity.labelPlural, props.language) }))
        .sort((a, b) => a.label.localeCompare(b.label, props.language))}
      value={typeof props.value === 'string' && props.value ? props.value : null}
      onChange={(next) => props.onChange(next ?? '')}
      searchable
    />
  );
}

interface Option {
  value: string;
  label: { en: string; de: string };
}

/** A select field's choices: a value and its label in each language per row. */
export function OptionsEditor(props: FieldInputProps) {
  const { t } = useTranslation();
  const message = useProblemText();
  if (!CHOICE_TYPES.has(String(props.values.type ?? ''))) return null;
  if (!props.editable) return <FieldInput {...props} />;
  const options = Array.isArray(props.value) ? (props.value as Option[]) : [];
  const problemAt = (index: number, path: string) =>
    props.problems.find((p) => p.field === `${props.field.name}/${index}/${path}`);
  const whole = props.problems.find((p) => p.field === props.field.name);
  const set = (index: number, change: (option: Option) => Option) =>
    props.onChange(options.map((option, i) => (i === index ? change(option) : option)));
  const text = (index: number, path: string, name: string, value: string, apply: (v: string) => Option) => {
    const problem = problemAt(index, path);
    return (
      <TextInput
        label={name}
        value={value}
        style={{ flex: 1 }}
        error={problem ? message(problem, 'text') : undefined}
        onChange={(event) => {
          const next = event.currentTarget.value;
          set(index, () => apply(next));
        }}
      />
    );
  };
  return (
    <Input.Wrapper
      label={label(props.field.label, props.language)}
      withAsterisk
      error={whole ? message(whole, 'json') : undefined}
    >
      <Stack gap="xs" mt={4}>
        {options.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('settings.customFields.noOptions')}
          </Text>
        )}
        {options.map((option, index) => (
          <Paper key={index} withBorder p="xs" radius="sm">
            <Group align="flex-start" wrap="nowrap">
              {text(index, 'value', t('settings.customFields.optionValue'), option.value ?? '', (v) => ({
                ...option,
                value: v,
              }))}
              {text(index, 'label/en', t('settings.customFields.labelEn'), option.label?.en ?? '', (v) => ({
                ...option,
                label: { ...option.label, en: v },
              }))}
              {text(index, 'label/de', t('settings.customFields.labelDe'), option.label?.de ?? '', (v) => ({
                ...option,
                label: { ...option.label, de: v },
              }))}
              <ActionIcon
                variant="subtle"
                color="red"
                mt={28}
                aria-label={t('record.removeEntry')}
                onClick={() => props.onChange(options.filter((_, i) => i !== index))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </Paper>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => props.onChange([...options, { value: '', label: { en: '', de: '' } }])}
          >
            {t('settings.customFields.addOption')}
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
