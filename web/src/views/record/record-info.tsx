import { Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../app/i18n';
import { type EntityMeta, label } from '../meta';
import { FieldValue } from './field-value';
import type { RecordData } from './record-types';

const SHOWN = ['createdBy', 'createdAt', 'updatedAt', 'version'];

/** Who created the record and when it last changed: kept by the server, shown beside the form. */
export function RecordInfo({
  entity,
  meta,
  record,
  language,
}: {
  entity: EntityMeta;
  meta: EntityMeta[];
  record: RecordData;
  language: Language;
}) {
  const { t } = useTranslation();
  const fields = SHOWN.flatMap((name) => entity.fields.filter((field) => field.name === name));
  return (
    <Paper withBorder radius="md" p="lg" data-testid="record-info">
      <Text fw={600} mb="sm">
        {t('record.info')}
      </Text>
      <Stack gap="sm">
        {fields.map((field) => (
          <div key={field.name}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {label(field.label, language)}
            </Text>
            <FieldValue field={field} value={record[field.name]} meta={meta} language={language} />
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
