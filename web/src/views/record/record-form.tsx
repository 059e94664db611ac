import { Alert, Button, Grid, Group, List, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceFloppy, IconRefresh } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, Suspense, lazy, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem } from '../../app/api';
import type { Language } from '../../app/i18n';
import { type EntityMeta, label } from '../meta';
import { FieldInput, type FieldInputProps, useProblemText } from './field-input';
import {
  type FormValues,
  type Mode,
  buildPayload,
  formFields,
  initialValues,
  isDirty,
  splitProblems,
} from './form-values';
import { type Duplicates, duplicatesOf } from './duplicates';
import type { RecordData } from './record-types';
import { useRecordWrites } from './use-record';

// Shown only when a save meets possible duplicates: its own chunk, loaded then.
const DuplicateDialog = lazy(() => import('./duplicate-dialog'));

/** A screen's own input for one field (a role's grants as a matrix, a time zone picker). */
export interface FieldOverride {
  /** Left out: the field's usual input. */
  render?: (props: FieldInputProps) => ReactNode;
  fullWidth?: boolean;
  /**
   * A business rule may refuse this field's value (409 naming it, a lead's status the system sets): the rule's
   * words show as a notification and the field returns to the stored value, which still stands.
   */
  revertRefused?: boolean;
  /**
   * Not shown: its value appears in another field's input (a document's totals, under its lines), or it means
   * nothing in the record's state (when a draft was lost).
   */
  hidden?: boolean | ((values: FormValues) => boolean);
}
export type FieldOverrides = Record<string, FieldOverride>;

/** Field types that need the form's whole width. */
const WIDE = new Set(['longText', 'html', 'json', 'multilink', 'multiselect']);

/** There is no company currency setting yet: amounts without a currency field of their own are in euros. */
export const DEFAULT_CURRENCY = 'EUR';

/** The currency of a record's amounts: its own currency field when it has one, else the company's. */
export function currencyOf(values: Record<string, unknown>): string {
  for (const name of ['currency', 'currencyCode']) {
    const code = values[name];
    if (typeof code === 'string' && /^[A-Z]{3}$/.test(code)) return code;
  }
  return DEFAULT_CURRENCY;
}

/** The fields a 409 refused whose override asks to return to the stored value (see FieldOverride). */
function refusedFields(error: unknown, overrides: FieldOverrides | undefined): string[] {
  if (!(error instanceof ApiError) || error.status !== 409 || !overrides) return [];
  const named = (error.problem.errors ?? []).map((problem) => problem.field.split('/')[0] ?? '');
  return named.filter((name) => overrides[name]?.revertRefused);
}

export interface RecordFormProps {
  entity: EntityMeta;
  meta: EntityMeta[];
  /** null: a new record. */
  record: RecordData | null;
  prefill?: Record<string, unknown>;
  language: Language;
  readOnly: boolean;
  overrides?: FieldOverrides;
  onSaved: (record: RecordData, mode: Mode) => void;
  onCancel?: () => void;
  onReload: () => void;
  /** Creates the record another way than POST /<path> (API keys answer their secret once). */
  create?: (body: Record<string, unknown>) => Promise<RecordData>;
}

/**
 * The form of one record built from its metadata: an input per field, required marks, read-only fields shown
 * as values, the API's field errors at their fields, and saving with the version read (412 → reload).
 */
export function RecordForm(props: RecordFormProps) {
  const { entity, meta, record, prefill, language, readOnly, overrides, onSaved, onCancel, onReload } = props;
  const { t } = useTranslation();
  const message = useProblemText();
  const mode: Mode = record ? 'edit' : 'create';
  const writes = useRecordWrites(entity.path);
  const initial = useMemo(() => initialValues(entity, record, prefill), [entity, record, prefill]);
  const [values, setValues] = useState<FormValues>(initial);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<ApiError | Error | null>(null);
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  // Bumped to start inputs with state of their own (JSON text) over when the changes are discarded.
  const [generation, setGeneration] = useState(0);
  const fields = formFields(entity, mode);
  const { byField, general } = splitProblems(
    problems,
    fields.map((entry) => entry.field.name),
  );
  const dirty = isDirty(initial, values);
  const currency = currencyOf(values);

  const [duplicates, setDuplicates] = useState<Duplicates | null>(null);

  /** Writes the form; allowDuplicates once the user confirmed the record despite look-alikes. */
  const save = async (allowDuplicates: boolean) => {
    const { body, errors } = buildPayload(entity, values, record, mode);
    setProblems(errors);
    setFailure(null);
    if (errors.length) return;
    if (record && Object.keys(body).every((name) => name === 'version')) return;
    setSaving(true);
    try {
      const saved = record
        ? await writes.patch.mutateAsync({ id: record.id, body, allowDuplicates })
        : props.create
          ? await props.create(body)
          : await writes.create.mutateAsync({ body, allowDuplicates });
      setDuplicates(null);
      notifications.show({
        color: 'teal',
        message: t(mode === 'create' ? 'record.created' : 'record.saved', {
          entity: label(entity.label, language),
        }),
      });
      onSaved(saved, mode);
    } catch (error) {
      const found = duplicatesOf(error);
      const refused = refusedFields(error, overrides);
      // The look-alikes are a question for the user, not field errors: the dialog asks it.
      if (found) setDuplicates(found);
      else if (refused.length) {
        setDuplicates(null);
        notifications.show({
          color: 'red',
          title: t('record.saveFailed'),
          message: (error as Error).message,
        });
        setValues((previous) => ({
          ...previous,
          ...Object.fromEntries(refused.map((n) => [n, initial[n]])),
        }));
      } else {
        setDuplicates(null);
        if (error instanceof ApiError && error.status === 412) setStale(true);
        else if (error instanceof ApiError && error.problem.errors?.length) setProblems(error.problem.errors);
        else setFailure(error instanceof Error ? error : new Error(String(error)));
      }
    } finally {
      setSaving(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (readOnly || saving) return;
    await save(false);
  };

  const change = (name: string) => (next: unknown) => {
    setValues((previous) => ({ ...previous, [name]: next }));
    // A field's problem goes once it is edited; the others stay until the next save.
    setProblems((previous) => previous.filter((p) => p.field.split('/')[0] !== name));
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="record-form">
      <Paper withBorder radius="md" p="lg">
        {stale && (
          <Alert
            color="orange"
            icon={<IconAlertTriangle />}
            mb="md"
            title={t('record.stale.title')}
            role="alert"
          >
            <Text size="sm" mb="xs">
              {t('record.stale.text')}
            </Text>
            <Button
              size="xs"
              variant="light"
              color="orange"
              leftSection={<IconRefresh size={14} />}
              onClick={onReload}
            >
              {t('record.stale.reload')}
            </Button>
          </Alert>
        )}
        {(failure || general.length > 0) && (
          <Alert color="red" icon={<IconAlertTriangle />} mb="md" title={t('record.saveFailed')} role="alert">
            {failure && (
              <Text size="sm">
                {failure instanceof ApiError
                  ? failure.status === 403
                    ? t('record.forbidden')
                    : failure.message
                  : t('errors.network')}
              </Text>
            )}
            {general.length > 0 && (
              <List size="sm">
                {general.map((problem) => (
                  <List.Item key={problem.field + problem.code}>
                    {problem.field.startsWith('(') ? '' : `${problem.field}: `}
                    {message(problem)}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        {Object.keys(byField).length > 0 && (
          <Text size="sm" c="red" mb="sm" role="status">
            {t('record.fixFields', { count: Object.keys(byField).length })}
          </Text>
        )}
        <Grid gap="md" key={generation}>
          {fields.map(({ field, editable }) => {
            const override = overrides?.[field.name];
            const hidden = override?.hidden;
            if (typeof hidden === 'function' ? hidden(values) : hidden) return null;
            const inputProps: FieldInputProps = {
              field,
              value: values[field.name],
              onChange: change(field.name),
              meta,
              language,
              mode,
              editable: editable && !readOnly,
              problems: byField[field.name] ?? [],
              currency,
              values,
            };
            const wide = override?.fullWidth ?? WIDE.has(field.type);
            return (
              <Grid.Col key={field.name} span={{ base: 12, md: wide ? 12 : 6 }}>
                {override?.render ? override.render(inputProps) : <FieldInput {...inputProps} />}
              </Grid.Col>
            );
          })}
        </Grid>
        {!readOnly && (
          <Group justify="flex-end" mt="lg">
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                {t('record.cancel')}
              </Button>
            )}
            {mode === 'edit' && (
              <Button
                variant="default"
                disabled={!dirty || saving}
                onClick={() => {
                  setValues(initial);
                  setProblems([]);
                  setGeneration((n) => n + 1);
                }}
              >
                {t('record.discard')}
              </Button>
            )}
            <Button
              type="submit"
              loading={saving}
              disabled={mode === 'edit' && !dirty}
              leftSection={<IconDeviceFloppy size={16} />}
            >
              {mode === 'create' ? t('record.create') : t('record.save')}
            </Button>
          </Group>
        )}
      </Paper>
      {duplicates && (
        <Suspense fallback={null}>
          <DuplicateDialog
            entity={entity}
            duplicates={duplicates}
            language={language}
            saving={saving}
            onSaveAnyway={() => void save(true)}
            onCancel={() => setDuplicates(null)}
          />
        </Suspense>
      )}
    </form>
  );
}
