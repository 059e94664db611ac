import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../app/i18n';
import { type EntityMeta, label } from '../../views/meta';
import type { Duplicates } from '../../views/record/duplicates';
import { recordHref } from '../../views/record/record-href';
import { inSentence } from '../../views/record/words';
import { CandidateLink, useMatchText } from './convert-choices';
import type { ConversionCandidate } from './convert-request';
import { LEADS_PATH } from './lead-status';
import './texts';

/** The convert dialog's questions about look-alikes: other leads to merge first, records a new one resembles. */

export function SimilarLeads({ leads }: { leads: ConversionCandidate[] }) {
  const { t } = useTranslation('leads');
  const matchText = useMatchText();
  return (
    <Alert color="yellow" icon={<IconCopy />} title={t('convert.similarLeads')} data-testid="similar-leads">
      <List size="sm" spacing={2}>
        {leads.map((candidate) => (
          <List.Item key={candidate.id}>
            <Anchor href={recordHref(LEADS_PATH, candidate.id)} target="_blank" rel="noopener" size="sm">
              {candidate.title}
            </Anchor>
            <Text span size="xs" c="dimmed" ml="xs">
              {matchText(candidate.matches)}
            </Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

export function DuplicatesAlert(props: {
  duplicates: Duplicates & { part: 'customer' | 'contact' };
  entity: EntityMeta | undefined;
  language: Language;
  saving: boolean;
  onUse: (id: string) => void;
  onCreateAnyway: () => void;
}) {
  const { duplicates, entity, language, saving, onUse, onCreateAnyway } = props;
  const { t } = useTranslation('leads');
  const matchText = useMatchText();
  const path = duplicates.part === 'customer' ? 'customers' : 'contacts';
  const entityWord = entity ? inSentence(label(entity.label, language), language) : duplicates.part;
  return (
    <Alert
      color="orange"
      icon={<IconCopy />}
      title={t('convert.duplicates.title', { entity: entityWord })}
      data-testid="convert-duplicates"
    >
      <Stack gap="xs">
        <Text size="sm">{t('convert.duplicates.text')}</Text>
        {duplicates.candidates.map((candidate) => (
          <Group key={candidate.id} justify="space-between" wrap="nowrap">
            <div>
              <CandidateLink candidate={candidate} path={path} />
              <Text size="xs" c="dimmed">
                {matchText(candidate.matches)}
              </Text>
            </div>
            <Button size="xs" variant="default" onClick={() => onUse(candidate.id)}>
              {t('convert.duplicates.use')}
            </Button>
          </Group>
        ))}
        <Group justify="flex-end">
          <Button size="xs" color="orange" loading={saving} onClick={onCreateAnyway}>
            {t('convert.duplicates.createAnyway')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
