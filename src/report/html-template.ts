/**
 * A tiny escape-by-default HTML template: every interpolated value is
 * escaped unless it is already markup made by `html` itself, so a task
 * name holding `<script>` can only ever be text.
 */
import { escapeText } from './escape.js';

/** Markup that is already safe to insert. */
export class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** What may be interpolated: text, numbers, markup, or lists of these. */
export type HtmlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | SafeHtml
  | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeText(String(value));
}

/** Tagged template: `html\`<td>${name}</td>\`` escapes `name`. */
export function html(
  strings: TemplateStringsArray,
  ...values: HtmlValue[]
): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}
