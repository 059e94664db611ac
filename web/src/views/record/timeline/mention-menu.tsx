/**
 * The @-mention picker of the note editor: Tiptap's suggestion plugin reports the query and where the caret is,
 * this finds users by name and shows them under the caret; arrows choose, Enter or Tab take, Escape closes.
 */
import { Paper, Text, UnstyledButton } from '@mantine/core';
import type { MentionNodeAttrs } from '@tiptap/extension-mention';
import type { SuggestionOptions } from '@tiptap/suggestion';
import { api } from '../../../app/api';

export interface MentionUser {
  id: string;
  fullName: string;
}

export interface MentionState {
  items: MentionUser[];
  selected: number;
  rect: DOMRect | null;
  take: (user: MentionUser) => void;
}

const LIMIT = 8;

async function usersNamed(query: string): Promise<MentionUser[]> {
  const filter = query.trim() ? `&filter[fullName][contains]=${encodeURIComponent(query.trim())}` : '';
  const page = await api<{ data: MentionUser[] }>(
    'GET',
    `/api/v1/users?filter[enabled][eq]=true${filter}&sort=fullName&limit=${LIMIT}&fields=id,fullName`,
  );
  return page.data;
}

/** The suggestion options of the mention node, reporting their state to `show` (null: closed). */
export function mentionSuggestion(
  show: (state: MentionState | null) => void,
): Omit<SuggestionOptions<MentionUser, MentionNodeAttrs>, 'editor'> {
  let state: MentionState | null = null;
  const update = (next: MentionState | null) => {
    state = next;
    show(next);
  };
  return {
    char: '@',
    debounce: 150,
    items: ({ query }) => usersNamed(query).catch(() => []),
    render: () => {
      const open = (props: {
        items: MentionUser[];
        clientRect?: (() => DOMRect | null) | null;
        command: (attrs: MentionNodeAttrs) => void;
      }) =>
        update({
          items: props.items,
          selected: 0,
          rect: props.clientRect?.() ?? null,
          take: (user) => props.command({ id: user.id, label: user.fullName }),
        });
      return {
        onStart: open,
        onUpdate: open,
        onKeyDown: ({ event }) => {
          if (!state || state.items.length === 0) return false;
          const count = state.items.length;
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            const step = event.key === 'ArrowDown' ? 1 : count - 1;
            update({ ...state, selected: (state.selected + step) % count });
            return true;
          }
          if (event.key === 'Enter' || event.key === 'Tab') {
            const user = state.items[state.selected];
            if (user) state.take(user);
            return true;
          }
          if (event.key === 'Escape') {
            update(null);
            return true;
          }
          return false;
        },
        onExit: () => update(null),
      };
    },
  };
}

export function MentionMenu({ state, empty }: { state: MentionState; empty: string }) {
  if (!state.rect) return null;
  return (
    <Paper
      shadow="md"
      withBorder
      p={4}
      role="listbox"
      data-testid="mention-menu"
      style={{
        position: 'fixed',
        top: state.rect.bottom + 4,
        left: state.rect.left,
        zIndex: 300,
        minWidth: 200,
      }}
    >
      {state.items.length === 0 && (
        <Text size="sm" c="dimmed" px="xs">
          {empty}
        </Text>
      )}
      {state.items.map((user, index) => (
        <UnstyledButton
          key={user.id}
          role="option"
          aria-selected={index === state.selected}
          display="block"
          w="100%"
          px="xs"
          py={4}
          bg={index === state.selected ? 'blue.0' : undefined}
          style={{ borderRadius: 4 }}
          // Keeps the editor's focus and selection: the mention goes where the caret is.
          onMouseDown={(event) => {
            event.preventDefault();
            state.take(user);
          }}
        >
          <Text size="sm">{user.fullName}</Text>
        </UnstyledButton>
      ))}
    </Paper>
  );
}
