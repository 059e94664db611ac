import { Button, FileButton, Group, Modal, Paper, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarEvent, IconChecklist, IconNote, IconPaperclip, IconPhone } from '@tabler/icons-react';
import { Suspense, lazy, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, reasonOf } from '../../../app/api';
import { useMe } from '../../../app/auth';
import type { Language } from '../../../app/i18n';
import type { EntityMeta } from '../../meta';
import { RecordForm } from '../record-form';
import './texts';

type Planned = 'call' | 'meeting' | 'task';
const PLANNED: Array<{ name: Planned; icon: typeof IconPhone }> = [
  { name: 'call', icon: IconPhone },
  { name: 'meeting', icon: IconCalendarEvent },
  { name: 'task', icon: IconChecklist },
];

// Tiptap and ProseMirror are a chunk of their own, loaded when a composer first shows.
const NoteEditor = lazy(() => import('./note-editor'));

/** The next full hour, and an hour after it: where a new meeting starts. */
function nextHour(): { at: string; endsAt: string } {
  const start = new Date();
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  return { at: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString() };
}

/**
 * Adding to a record's timeline: a note typed in place, a file, and a call, meeting or task in the generic form of its
 * entity (every field, the same checks), already linked to the record.
 */
export function Composer({
  meta,
  recordId,
  linkField,
  language,
  onSaved,
}: {
  meta: EntityMeta[];
  recordId: string;
  linkField: string;
  language: Language;
  onSaved: () => void;
}) {
  const { t } = useTranslation('timeline');
  const myId = useMe().data?.id;
  // The editor's HTML ('' while empty); a new key gives an empty editor after a note is added.
  const [html, setHtml] = useState('');
  const [editorKey, setEditorKey] = useState(0);
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [planning, setPlanning] = useState<Planned | null>(null);
  const noteEntity = meta.find((entity) => entity.name === 'note');
  const planned = planning ? meta.find((entity) => entity.name === planning) : undefined;
  const prefill = useMemo(
    () => ({
      [linkField]: recordId,
      ...(myId ? { ownerId: myId } : {}),
      ...(planning === 'meeting' ? nextHour() : {}),
    }),
    [linkField, recordId, myId, planning],
  );

  const addNote = async () => {
    if (!html) return;
    setSaving(true);
    try {
      await api('POST', '/api/v1/notes', { [linkField]: recordId, body: html });
      setHtml('');
      setEditorKey((key) => key + 1);
      notifications.show({ color: 'teal', message: t('note.added') });
      onSaved();
    } catch (error) {
      notifications.show({ color: 'red', message: reasonOf(error as Error) });
    } finally {
      setSaving(false);
    }
  };

  const attach = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    const form = new FormData();
    form.append(linkField, recordId);
    form.append('file', file);
    try {
      await api('POST', '/api/v1/attachments', form);
      notifications.show({ color: 'teal', message: t('attached', { name: file.name }) });
      onSaved();
    } catch (error) {
      notifications.show({ color: 'red', message: reasonOf(error as Error) });
    } finally {
      setUploading(false);
    }
  };
  const canAttach = meta.find((entity) => entity.name === 'attachment')?.permissions.create;

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        {noteEntity?.permissions.create && (
          <Suspense fallback={<Paper withBorder h={96} radius="sm" />}>
            <NoteEditor key={editorKey} onChange={setHtml} />
          </Suspense>
        )}
        <Group justify="space-between">
          <Group gap="xs">
            {PLANNED.map(({ name, icon: Icon }) =>
              meta.find((entity) => entity.name === name)?.permissions.create ? (
                <Button
                  key={name}
                  size="xs"
                  variant="light"
                  leftSection={<Icon size={14} />}
                  onClick={() => setPlanning(name)}
                >
                  {t(`log.${name}`)}
                </Button>
              ) : null,
            )}
            {canAttach && (
              <FileButton onChange={(file) => void attach(file)}>
                {(props) => (
                  <Button
                    {...props}
                    size="xs"
                    variant="light"
                    loading={uploading}
                    leftSection={<IconPaperclip size={14} />}
                  >
                    {t('attach')}
                  </Button>
                )}
              </FileButton>
            )}
          </Group>
          {noteEntity?.permissions.create && (
            <Button
              size="xs"
              leftSection={<IconNote size={14} />}
              loading={saving}
              disabled={!html}
              onClick={() => void addNote()}
            >
              {t('note.add')}
            </Button>
          )}
        </Group>
      </Stack>
      {planned && (
        <Modal opened onClose={() => setPlanning(null)} title={t(`log.${planned.name as Planned}`)} size="lg">
          <RecordForm
            entity={planned}
            meta={meta}
            record={null}
            prefill={prefill}
            language={language}
            readOnly={false}
            onReload={() => undefined}
            onCancel={() => setPlanning(null)}
            // The form says it was created.
            onSaved={() => {
              setPlanning(null);
              onSaved();
            }}
          />
        </Modal>
      )}
    </Paper>
  );
}
