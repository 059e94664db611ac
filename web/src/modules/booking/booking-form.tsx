import { Alert, Button, Group, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';

export interface Answers {
  firstName?: string;
  lastName: string;
  email: string;
  phone?: string;
  companyName?: string;
  message?: string;
}

const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'companyName', 'message'] as const;
type Field = (typeof FIELDS)[number];
const REQUIRED: Field[] = ['lastName', 'email'];

/** The visitor's details for the chosen time; the server's field messages show at their inputs. */
export function BookingForm(props: {
  when: string;
  pending: boolean;
  error: Error | null;
  onBack: () => void;
  onSubmit: (answers: Answers) => void;
}) {
  const { t } = useTranslation('booking');
  const [values, setValues] = useState<Record<Field, string>>(
    Object.fromEntries(FIELDS.map((field) => [field, ''])) as Record<Field, string>,
  );
  const [touched, setTouched] = useState(false);
  const serverErrors = props.error instanceof ApiError ? (props.error.problem.errors ?? []) : [];
  const errorOf = (field: Field) =>
    (touched && REQUIRED.includes(field) && !values[field].trim() ? t('required') : undefined) ??
    serverErrors.find((problem) => problem.field === field)?.message;
  const input = (field: Field) => ({
    value: values[field],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setValues((current) => ({ ...current, [field]: value }));
    },
    error: errorOf(field),
    required: REQUIRED.includes(field),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (REQUIRED.some((field) => !values[field].trim())) return;
    const answers = Object.fromEntries(
      FIELDS.flatMap((field) => (values[field].trim() ? [[field, values[field].trim()]] : [])),
    ) as unknown as Answers;
    props.onSubmit(answers);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Group justify="space-between">
          <Text fw={600}>{t('chosen', { when: props.when })}</Text>
          <Button variant="subtle" size="xs" onClick={props.onBack}>
            {t('change')}
          </Button>
        </Group>
        {props.error && serverErrors.length === 0 && <Alert color="red">{props.error.message}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('firstName')} autoComplete="given-name" {...input('firstName')} />
          <TextInput label={t('lastName')} autoComplete="family-name" {...input('lastName')} />
          <TextInput label={t('email')} type="email" autoComplete="email" {...input('email')} />
          <TextInput label={t('phone')} type="tel" autoComplete="tel" {...input('phone')} />
          <TextInput label={t('company')} autoComplete="organization" {...input('companyName')} />
        </SimpleGrid>
        <Textarea label={t('message')} autosize minRows={3} maxLength={2000} {...input('message')} />
        <Group justify="flex-end">
          <Button type="submit" loading={props.pending}>
            {t('book')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
