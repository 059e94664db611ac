/**
 * The note editor (its own chunk: Tiptap and ProseMirror load when a timeline's composer first shows): bold,
 * italic, underline, strike, code, lists, quotes and links, as the server's sanitiser keeps them, and @-mentions
 * written as `<span data-mention="<user id>">@Name</span>`, which notify the user on save.
 */
import '@mantine/tiptap/styles.css';
import './mentions.css';
import { RichTextEditor } from '@mantine/tiptap';
import Mention from '@tiptap/extension-mention';
import Placeholder from '@tiptap/extension-placeholder';
import { useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type MentionState, MentionMenu, mentionSuggestion } from './mention-menu';
import './texts';

/** Mentions read and written in the sanitiser's form: the user's id in `data-mention`, the name as text. */
const NoteMention = Mention.extend({
  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute('data-mention'),
        renderHTML: (attributes: { id?: string | null }) =>
          attributes.id ? { 'data-mention': attributes.id } : {},
      },
      label: {
        default: null,
        parseHTML: (element: HTMLElement) => element.textContent?.replace(/^@/, '') ?? null,
        renderHTML: () => ({}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'span[data-mention]' }];
  },
});

export default function NoteEditor({ onChange }: { onChange: (html: string) => void }) {
  const { t } = useTranslation('timeline');
  const [mention, setMention] = useState<MentionState | null>(null);
  const suggestion = useMemo(() => mentionSuggestion(setMention), []);
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [3, 4] },
        horizontalRule: false,
        link: { openOnClick: false, protocols: ['mailto'], defaultProtocol: 'https' },
      }),
      Placeholder.configure({ placeholder: t('note.placeholder') }),
      NoteMention.configure({ suggestion }),
    ],
    editorProps: {
      attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': t('note.placeholder') },
    },
    onUpdate: ({ editor: current }) => onChange(current.isEmpty ? '' : current.getHTML()),
  });
  return (
    <RichTextEditor editor={editor} data-testid="note-editor">
      <RichTextEditor.Toolbar>
        <RichTextEditor.ControlsGroup>
          <RichTextEditor.Bold />
          <RichTextEditor.Italic />
          <RichTextEditor.Underline />
          <RichTextEditor.Strikethrough />
          <RichTextEditor.Code />
        </RichTextEditor.ControlsGroup>
        <RichTextEditor.ControlsGroup>
          <RichTextEditor.BulletList />
          <RichTextEditor.OrderedList />
          <RichTextEditor.Blockquote />
        </RichTextEditor.ControlsGroup>
        <RichTextEditor.ControlsGroup>
          <RichTextEditor.Link />
          <RichTextEditor.Unlink />
        </RichTextEditor.ControlsGroup>
      </RichTextEditor.Toolbar>
      <RichTextEditor.Content />
      {mention && <MentionMenu state={mention} empty={t('note.noUser')} />}
    </RichTextEditor>
  );
}
