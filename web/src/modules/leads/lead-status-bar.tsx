import { Badge, Group, Input } from '@mantine/core';
import { IconBan } from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../app/i18n';
import { useFormat } from '../../app/use-format';
import { type EntityMeta, fieldOf, label } from '../../views/meta';
import { FieldInput, type FieldInputProps } from '../../views/record/field-input';
import { FieldValue } from '../../views/record/field-value';
import type { RecordData } from '../../views/record/record-types';
import { optionOf, settableStatuses } from './lead-status';
import './texts';

/** Option labels keep their case ("Do Not Contact"), unlike Mantine's upper-case badges. */
const AS_WRITTEN: CSSProperties = { textTransform: 'none' };

/**
 * The lead's state at a glance, below its title: its status, the do-not-contact warning (consent, whatever the
 * status), how far it is qualified, and the grade and score the scoring rules gave it.
 */
export function LeadStatusBar({
  record,
  entity,
  language,
}: {
  record: RecordData;
  entity: EntityMeta;
  language: Language;
}) {
  const { t } = useTranslation('leads');
  const format = useFormat();
  const fieldLabel = (name: string) => {
    const field = fieldOf(entity, name);
    return field ? label(field.label, language) : name;
  };
  const status = optionOf(entity, 'status', record.status);
  const qualification = optionOf(entity, 'qualificationStatus', record.qualificationStatus);
  const grade = optionOf(entity, 'grade', record.grade);
  return (
    <Group gap={6} role="group" aria-label={t('bar.label')} data-testid="lead-status-bar">
      {status && (
        <Badge color={status.colour ?? 'gray'} size="lg" style={AS_WRITTEN} data-testid="lead-status">
          {label(status.label, language)}
        </Badge>
      )}
      {record.doNotContact === true && (
        <Badge
          color="red"
          variant="outline"
          leftSection={<IconBan size={12} />}
          size="lg"
          style={AS_WRITTEN}
          data-testid="lead-do-not-contact"
        >
          {fieldLabel('doNotContact')}
        </Badge>
      )}
      {qualification && (
        <Badge
          color={qualification.colour ?? 'gray'}
          variant="light"
          size="lg"
          style={AS_WRITTEN}
          data-testid="lead-qualification"
        >
          {label(qualification.label, language)}
        </Badge>
      )}
      {grade && (
        <Badge
          color={grade.colour ?? 'gray'}
          variant="light"
          size="lg"
          style={AS_WRITTEN}
          data-testid="lead-grade"
        >
          {fieldLabel('grade')} {grade.value}
        </Badge>
      )}
      {typeof record.score === 'number' && (
        <Badge color="gray" variant="light" size="lg" style={AS_WRITTEN} data-testid="lead-score">
          {fieldLabel('score')} {format.number(record.score)}
        </Badge>
      )}
    </Group>
  );
}

/**
 * The status in the lead's form: a choice of the statuses a user may set, or — while the system holds a status
 * derived from the lead's opportunities, quotations or customer — that status, shown and not offered.
 */
export function StatusInput(props: FieldInputProps) {
  const { t } = useTranslation('leads');
  const lead = props.meta.find((entity) => entity.name === 'lead');
  const settable = settableStatuses(lead);
  const held =
    props.mode === 'edit' && settable.length > 0 && !settable.some((option) => option.value === props.value);
  if (held && !props.editable) return <FieldInput {...props} />;
  if (held) {
    return (
      <Input.Wrapper
        label={label(props.field.label, props.language)}
        description={t('status.systemHint')}
        inputWrapperOrder={['label', 'input', 'description']}
        data-field={props.field.name}
      >
        <div style={{ paddingTop: 6, paddingBottom: 4 }}>
          <FieldValue field={props.field} value={props.value} meta={props.meta} language={props.language} />
        </div>
      </Input.Wrapper>
    );
  }
  const field = settable.length ? { ...props.field, options: settable } : props.field;
  return <FieldInput {...props} field={field} />;
}
