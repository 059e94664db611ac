import type { EntityDef } from '../../../core/entity.js';
import type { FieldDef } from '../../../core/fields.js';
import { escapeHtml } from '../../../shared/html.js';
import type { InputType } from './entities.js';
import type { FormField } from './rules.js';

/**
 * The HTML a site pastes to show a web form, and the page a post without JavaScript lands on. The snippet is a
 * plain <form> that posts to the CRM, so it works without script; its small inline script adds what only the
 * page knows (the UTM parameters of its address, the page itself, where the visitor came from) and sends the form
 * with fetch, showing the thank-you text in place of the form. Everything is inline: a site's pages may not load
 * scripts from the CRM, and the snippet must not depend on the CRM's stylesheet.
 */

type Language = 'en' | 'de';

export interface SnippetForm {
  slug: string;
  language: Language;
  fields: FormField[];
  honeypotField: string;
}

const TEXTS = {
  en: {
    send: 'Send',
    empty: 'Please choose',
    honeypot: 'Leave this field empty',
    check: 'Please check the marked fields.',
    tooMany: 'Too many submissions. Please try again later.',
    failed: 'Sorry, that did not work. Please try again.',
    thanksTitle: 'Thank you',
    back: 'Back to the page',
  },
  de: {
    send: 'Senden',
    empty: 'Bitte wählen',
    honeypot: 'Dieses Feld bitte leer lassen',
    check: 'Bitte prüfen Sie die markierten Felder.',
    tooMany: 'Zu viele Anfragen. Bitte versuchen Sie es später noch einmal.',
    failed: 'Das hat leider nicht geklappt. Bitte versuchen Sie es noch einmal.',
    thanksTitle: 'Vielen Dank',
    back: 'Zurück zur Seite',
  },
};

/** Browsers fill these from what the visitor typed elsewhere. */
const AUTOCOMPLETE: Record<string, string> = {
  salutation: 'honorific-prefix',
  firstName: 'given-name',
  lastName: 'family-name',
  companyName: 'organization',
  jobTitle: 'organization-title',
  email: 'email',
  phone: 'tel',
  mobile: 'tel',
  website: 'url',
  addressLine1: 'address-line1',
  addressLine2: 'address-line2',
  postalCode: 'postal-code',
  city: 'address-level2',
  state: 'address-level1',
  country: 'country',
};

const HIDDEN = ['utm_source', 'utm_medium', 'utm_campaign', 'page_url', 'referrer'];

function inputTypeOf(field: FieldDef): InputType {
  switch (field.type) {
    case 'email':
      return 'email';
    case 'phone':
      return 'tel';
    case 'url':
      return 'url';
    case 'longText':
      return 'textarea';
    case 'integer':
      return 'number';
    default:
      return 'text';
  }
}

function maxLengthOf(field: FieldDef): number | undefined {
  if (field.type === 'email') return 255;
  if (field.type === 'url') return 2048;
  return field.maxLength;
}

function control(field: FieldDef, item: FormField, id: string, language: Language): string {
  const common = [
    `id="${id}"`,
    `name="${escapeHtml(item.name)}"`,
    ...(item.required ? ['required'] : []),
    ...(AUTOCOMPLETE[item.name] ? [`autocomplete="${AUTOCOMPLETE[item.name]}"`] : []),
  ];
  if (field.type === 'select') {
    const options = (field.options ?? []).map(
      (option) =>
        `<option value="${escapeHtml(option.value)}">${escapeHtml(option.label[language])}</option>`,
    );
    return `<select ${common.join(' ')}><option value="">${TEXTS[language].empty}</option>${options.join('')}</select>`;
  }
  const type = (item.type as InputType | undefined) ?? inputTypeOf(field);
  const maxLength = maxLengthOf(field);
  if (maxLength !== undefined && type !== 'number') common.push(`maxlength="${maxLength}"`);
  if (type === 'textarea') return `<textarea ${common.join(' ')} rows="4"></textarea>`;
  return `<input type="${type}" ${common.join(' ')}>`;
}

/** The inline script; texts go in as JSON with `<` escaped, so no value can close the script element. */
function script(language: Language): string {
  const texts = JSON.stringify(TEXTS[language]).replace(/</g, '\\u003c');
  return `<script>
(function () {
  var form = document.currentScript && document.currentScript.previousElementSibling;
  if (!form || form.tagName !== 'FORM' || !window.fetch || !window.URLSearchParams) return;
  var texts = ${texts};
  var query = new URLSearchParams(location.search);
  ['utm_source', 'utm_medium', 'utm_campaign'].forEach(function (name) {
    if (query.get(name)) form.elements[name].value = query.get(name);
  });
  form.elements.page_url.value = location.href;
  form.elements.referrer.value = document.referrer;
  var message = form.querySelector('[data-crm-message]');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    message.hidden = true;
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (input) {
      input.removeAttribute('aria-invalid');
    });
    fetch(form.action, {
      method: 'POST',
      headers: { Accept: 'application/json' },
      body: new URLSearchParams(new FormData(form))
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw body;
        if (body.data.redirectUrl) return void (location.href = body.data.redirectUrl);
        var thanks = document.createElement('p');
        thanks.className = 'crm-web-form-thanks';
        thanks.setAttribute('role', 'status');
        thanks.style.whiteSpace = 'pre-line';
        thanks.textContent = body.data.message;
        form.parentNode.replaceChild(thanks, form);
      });
    }).catch(function (problem) {
      var errors = (problem && problem.errors) || [];
      errors.forEach(function (error) {
        var input = form.elements[error.field];
        if (input && input.setAttribute) input.setAttribute('aria-invalid', 'true');
      });
      message.textContent = problem && problem.status === 429 ? texts.tooMany : errors.length ? texts.check : texts.failed;
      message.hidden = false;
      button.disabled = false;
    });
  });
})();
</script>`;
}

/** The snippet to paste: the form posting to `submitUrl`, its labels in the form's language, and the script. */
export function renderSnippet(lead: EntityDef, form: SnippetForm, submitUrl: string): string {
  const { language } = form;
  const prefix = `crm-${form.slug}`;
  const rows = form.fields.flatMap((item) => {
    const field = lead.fields[item.name];
    if (!field) return [];
    const id = `${prefix}-${item.name}`;
    const text = (language === 'de' ? item.labelDe : item.labelEn)?.trim() || field.label[language];
    const label = `<label for="${id}">${escapeHtml(text)}${item.required ? ' *' : ''}</label>`;
    return [`  <p class="crm-web-form-field">${label}<br>${control(field, item, id, language)}</p>`];
  });
  const honeypot = escapeHtml(form.honeypotField);
  return [
    `<form class="crm-web-form" action="${escapeHtml(submitUrl)}" method="post" accept-charset="utf-8">`,
    ...rows,
    // Off screen rather than display:none, which some bots know to skip.
    '  <div aria-hidden="true" style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden">',
    `    <label for="${prefix}-${honeypot}">${TEXTS[language].honeypot}</label>`,
    `    <input type="text" id="${prefix}-${honeypot}" name="${honeypot}" tabindex="-1" autocomplete="off">`,
    '  </div>',
    ...HIDDEN.map((name) => `  <input type="hidden" name="${name}">`),
    '  <p class="crm-web-form-message" role="alert" data-crm-message hidden></p>',
    `  <p><button type="submit">${TEXTS[language].send}</button></p>`,
    '</form>',
    script(language),
  ].join('\n');
}

/** The page a post without JavaScript lands on: the thank-you text, and a way back to the page it came from. */
export function thankYouPage(language: Language, text: string, backUrl: string | null): string {
  const texts = TEXTS[language];
  const back = backUrl ? `<p><a href="${escapeHtml(backUrl)}">${texts.back}</a></p>` : '';
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${texts.thanksTitle}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5">
<p style="white-space:pre-line">${escapeHtml(text)}</p>
${back}
</body>
</html>
`;
}
