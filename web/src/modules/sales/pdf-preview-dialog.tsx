import { Button, Group, Modal, SegmentedControl } from '@mantine/core';
import { IconFileDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordData } from '../../views/record/record-types';
import './texts';

/**
 * The quotation's PDF as the customer gets it, previewed in the page (the browser's own PDF viewer in a frame) in
 * either language, with the download of the one shown. The server renders it on each request, so the preview of a
 * draft shows its latest saved state. Its own chunk: loaded when opened.
 */
export default function PdfPreviewDialog({ record, onClose }: { record: RecordData; onClose: () => void }) {
  const { t } = useTranslation('sales');
  const [language, setLanguage] = useState(record.language === 'de' ? 'de' : 'en');
  const pdf = `/api/v1/quotations/${encodeURIComponent(record.id)}/pdf?language=${language}`;
  return (
    <>
      <Modal opened onClose={onClose} size="xl" title={t('pdf.title', { number: String(record.number) })}>
        <Group justify="space-between" mb="sm">
          <SegmentedControl
            size="xs"
            value={language}
            onChange={setLanguage}
            data={[
              { value: 'en', label: t('pdf.english') },
              { value: 'de', label: t('pdf.german') },
            ]}
            aria-label={t('pdf.language')}
          />
          <Button
            component="a"
            href={`${pdf}&download=true`}
            variant="light"
            leftSection={<IconFileDownload size={16} />}
          >
            {t('actions.download')}
          </Button>
        </Group>
        <iframe
          key={language}
          src={pdf}
          title={t('pdf.title', { number: String(record.number) })}
          data-testid="pdf-preview"
          style={{ width: '100%', height: '70vh', border: '1px solid var(--mantine-color-gray-3)' }}
        />
      </Modal>
    </>
  );
}
