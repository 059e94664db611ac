import {
  ActionIcon,
  Badge,
  Button,
  Divider,
  Group,
  Modal,
  Popover,
  ScrollArea,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmarks, IconTrash, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api';
import { useUser } from '../app/auth';
import { type ViewState, fromSavedView, sameList, toSavedQuery } from './list-state';
import type { EntityMeta } from './meta';
import { type SavedView, useSavedViewMutations, useSavedViews } from './saved-views-api';

interface ViewPickerProps {
  entity: EntityMeta;
  state: ViewState;
  /** The standard view's state, for "Standard view". */
  standard: ViewState;
  onApply: (state: ViewState) => void;
}

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : String(error));

/**
 * Saved views of this list: apply one, save the current list under a name (private or shared with everyone),
 * save changes to one's own view, share or unshare it, delete it. Shared views of others can only be applied.
 */
export function ViewPicker({ entity, state, standard, onApply }: ViewPickerProps) {
  const { t } = useTranslation();
  const me = useUser();
  const views = useSavedViews(entity.name);
  const { create, update, remove } = useSavedViewMutations(entity.name);
  const [opened, setOpened] = useState(false);
  const [saving, setSaving] = useState(false);
  // Each "Save view as…" starts from an empty form.
  const [saveRound, setSaveRound] = useState(0);
  const all = views.data ?? [];
  const current = all.find((view) => view.id === state.viewId);
  const changed = current !== undefined && !sameList(fromSavedView(current, entity.defaultSort), state);
  const mine = all.filter((view) => view.ownerId === me.id);
  const shared = all.filter((view) => view.ownerId !== me.id);

  const apply = (view: SavedView) => {
    onApply(fromSavedView(view, entity.defaultSort));
    setOpened(false);
  };
  const failed = (error: unknown) =>
    notifications.show({ color: 'red', title: t('list.views.failed'), message: errorText(error) });
  const saveChanges = (view: SavedView) =>
    update.mutate(
      { view, changes: { query: toSavedQuery(state), columns: state.columns } },
      {
        onSuccess: () => notifications.show({ message: t('list.views.saved', { name: view.name }) }),
        onError: failed,
      },
    );

  const row = (view: SavedView) => {
    const own = view.ownerId === me.id;
    return (
      <Group key={view.id} justify="space-between" wrap="nowrap" gap={4}>
        <UnstyledButton onClick={() => apply(view)} style={{ flex: 1, minWidth: 0 }} py={4} px={6}>
          <Text size="sm" truncate fw={view.id === state.viewId ? 600 : undefined}>
            {view.name}
          </Text>
        </UnstyledButton>
        {own ? (
          <Group gap={4} wrap="nowrap">
            <Tooltip label={t('list.views.share')} withinPortal={false}>
              <Switch
                size="xs"
                checked={view.shared}
                aria-label={t('list.views.shareToggle', { name: view.name })}
                onChange={(event) =>
                  update.mutate(
                    { view, changes: { shared: event.currentTarget.checked } },
                    { onError: failed },
                  )
                }
              />
            </Tooltip>
            <ActionIcon
              variant="subtle"
              color="red"
              size="sm"
              aria-label={t('list.views.delete', { name: view.name })}
              onClick={() =>
                remove.mutate(view, {
                  onSuccess: () => {
                    notifications.show({ message: t('list.views.deleted', { name: view.name }) });
                    if (state.viewId === view.id) onApply({ ...state, viewId: null });
                  },
                  onError: failed,
                })
              }
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
        ) : (
          <IconUsers
            size={14}
            aria-label={t('list.views.sharedBy')}
            style={{ flexShrink: 0, opacity: 0.6 }}
          />
        )}
      </Group>
    );
  };

  return (
    <>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={320} shadow="md" trapFocus>
        <Popover.Target>
          <Button
            variant={current ? 'light' : 'default'}
            size="xs"
            leftSection={<IconBookmarks size={16} />}
            onClick={() => setOpened((open) => !open)}
            maw={260}
          >
            <Text size="xs" fw={600} truncate>
              {current ? current.name : t('list.views.button')}
            </Text>
            {changed && (
              <Badge size="xs" variant="light" color="orange" ml={6} tt="none">
                {t('list.views.changed')}
              </Badge>
            )}
          </Button>
        </Popover.Target>
        <Popover.Dropdown p="xs">
          <Stack gap={4} data-testid="view-picker">
            <UnstyledButton
              py={4}
              px={6}
              onClick={() => {
                onApply(standard);
                setOpened(false);
              }}
            >
              <Text size="sm" fw={state.viewId ? undefined : 600}>
                {t('list.views.standard')}
              </Text>
            </UnstyledButton>
            <ScrollArea.Autosize mah={300} type="auto">
              {mine.length > 0 && <Divider my={4} label={t('list.views.mine')} labelPosition="left" />}
              {mine.map(row)}
              {shared.length > 0 && <Divider my={4} label={t('list.views.shared')} labelPosition="left" />}
              {shared.map(row)}
              {all.length === 0 && views.isSuccess && (
                <Text size="xs" c="dimmed" px={6} py={4}>
                  {t('list.views.none')}
                </Text>
              )}
            </ScrollArea.Autosize>
            <Divider my={4} />
            {current && changed && current.ownerId === me.id && (
              <Button
                variant="light"
                size="xs"
                loading={update.isPending}
                onClick={() => saveChanges(current)}
              >
                <Text size="xs" fw={600} truncate>
                  {t('list.views.saveChanges', { name: current.name })}
                </Text>
              </Button>
            )}
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setOpened(false);
                setSaveRound((round) => round + 1);
                setSaving(true);
              }}
            >
              {t('list.views.saveAs')}
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <SaveViewModal
        key={saveRound}
        opened={saving}
        onClose={() => setSaving(false)}
        pending={create.isPending}
        onSave={(name, share) =>
          create.mutate(
            { name, shared: share, query: toSavedQuery(state), columns: state.columns },
            {
              onSuccess: (view) => {
                setSaving(false);
                onApply({ ...state, viewId: view.id });
                notifications.show({ message: t('list.views.saved', { name: view.name }) });
              },
              onError: failed,
            },
          )
        }
      />
    </>
  );
}

function SaveViewModal({
  opened,
  onClose,
  onSave,
  pending,
}: {
  opened: boolean;
  onClose: () => void;
  onSave: (name: string, shared: boolean) => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [tried, setTried] = useState(false);
  const blank = name.trim() === '';
  return (
    <Modal opened={opened} onClose={onClose} title={t('list.views.saveTitle')} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (!blank) onSave(name.trim(), shared);
        }}
      >
        <Stack>
          <TextInput
            label={t('list.views.name')}
            placeholder={t('list.views.namePlaceholder')}
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.currentTarget.value)}
            error={tried && blank ? t('list.views.nameRequired') : undefined}
            data-autofocus
          />
          <Switch
            label={t('list.views.share')}
            description={t('list.views.shareHint')}
            checked={shared}
            onChange={(event) => setShared(event.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('list.views.cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {t('list.views.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
