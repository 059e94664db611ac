/**
 * Text made safe to put into HTML, in an element or a quoted attribute: the five characters HTML gives meaning to,
 * as numeric references. Shared by the web form snippet (server) and the note composer (web app).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
