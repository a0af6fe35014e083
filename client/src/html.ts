/**
 * The one way the explorer builds HTML: the `html` tagged template escapes every value it is given, except
 * fragments made by `html` itself (or a list of them), so text from the API or a person can never become markup.
 */

/** Escapes text for HTML and XML (element content and quoted attributes). */
export const esc = (s: unknown) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** A piece of HTML built by `html`: safe to insert as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

const part = (v: Value): string =>
  v instanceof Html
    ? v.text
    : Array.isArray(v)
      ? v.map(part).join("")
      : v === null || v === undefined || v === false
        ? ""
        : esc(v);

/** `html\`<b>${name}</b>\``: the values are escaped; nested `html` fragments and lists of them are kept. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += part(v) + strings[i + 1]!));
  return new Html(out);
}

/** Puts a fragment into an element. */
export function render(el: Element, fragment: Html): void {
  el.innerHTML = fragment.text;
}

/** A table from its header cells and its rows (`<tr>` fragments); `id` and `className` go on the table. */
export function table(
  headers: readonly Value[],
  rows: readonly Html[],
  attrs: { id?: string; className?: string } = {},
) {
  return html`<table${attrs.id ? html` id="${attrs.id}"` : ""}${attrs.className ? html` class="${attrs.className}"` : ""}>
    <thead>
      <tr>
        ${headers.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
