import { escapeHtml } from '../../../html/escape.ts';
import { liveForm } from '../forms.ts';
import { externalLink } from '../markdown.ts';
import { plainText } from './text.ts';
import { isLoose, stateName, str, type BlockSurface, type Loose } from './surface.ts';

/** The block an element sits in. */
export interface ElementPlace {
  blockId: string;
  appId: string | undefined;
  /** A view's input block: the element is a field of the view's form. */
  input?: boolean;
  /** The id the input block's label points at. */
  id?: string;
}

/** What identifies an element to `/action`: its block, action id and app. */
function elementRef(element: Loose, place: ElementPlace, value?: string): string {
  return JSON.stringify({ blockId: place.blockId, actionId: str(element.actionId) ?? '', ...(place.appId === undefined ? {} : { appId: place.appId }), ...(value === undefined ? {} : { value }) });
}

/** A message element's own form posting a block action. */
function actionForm(surface: BlockSurface, element: Loose, place: ElementPlace, inner: string, extra = ''): string {
  return liveForm('/action', { ...surface.fields, element: elementRef(element, place) }, inner, ` class="el"${extra}`);
}

function styleClass(element: Loose): string {
  const style = str(element.style);
  return style === 'primary' || style === 'danger' ? ` ${style}` : element.secondary === true ? ' secondary' : '';
}

function button(element: Loose, place: ElementPlace, surface: BlockSurface): string {
  const label = escapeHtml(plainText(element.text) || str(element.actionId) || 'button');
  const value = str(element.value);
  const url = str(element.url);
  if (url !== undefined && /^https?:\/\//i.test(url)) {
    // As in Rocket.Chat, a link button opens its URL and also tells the app it was clicked.
    const dispatch = JSON.stringify({ ...surface.fields, element: elementRef(element, place, value) });
    return externalLink(url, plainText(element.text) || url, ` class="btn${styleClass(element)}" data-dispatch="${escapeHtml(dispatch)}"`);
  }
  if (surface.kind === 'view') {
    return `<button type="submit" class="btn${styleClass(element)}" formaction="/action" formnovalidate name="element" value="${escapeHtml(elementRef(element, place, value))}">${label}</button>`;
  }
  const valueAttr = value === undefined ? '' : ` name="value" value="${escapeHtml(value)}"`;
  return actionForm(surface, element, place, `<button type="submit" class="btn${styleClass(element)}"${valueAttr}>${label}</button>`);
}

function options(element: Loose): Array<{ value: string; label: string; description: string }> {
  const list = Array.isArray(element.options) ? element.options : [];
  return list.filter(isLoose).map((option) => ({ value: str(option.value) ?? '', label: plainText(option.text), description: plainText(option.description) }));
}

function overflow(element: Loose, place: ElementPlace, surface: BlockSurface): string {
  const items = options(element)
    .map((option) => `<button type="submit" name="value" value="${escapeHtml(option.value)}" role="menuitem">${escapeHtml(option.label)}</button>`)
    .join('');
  if (surface.kind === 'view') {
    // Inside a view's form: each option posts the block action with its value.
    const viewItems = options(element)
      .map((option) => `<button type="submit" formaction="/action" formnovalidate name="element" value="${escapeHtml(elementRef(element, place, option.value))}" role="menuitem">${escapeHtml(option.label)}</button>`)
      .join('');
    return `<details class="menu overflow"><summary class="btn" aria-label="More options">⋯</summary><div class="menu-items" role="menu">${viewItems}</div></details>`;
  }
  return `<details class="menu overflow"><summary class="btn" aria-label="More options">⋯</summary>${actionForm(surface, element, place, `<div class="menu-items" role="menu">${items}</div>`)}</details>`;
}

function currentValue(element: Loose, place: ElementPlace, surface: BlockSurface): unknown {
  const entered = surface.state?.[place.blockId]?.[str(element.actionId) ?? ''];
  return entered !== undefined ? entered : element.initialValue;
}

function selectOptions(element: Loose, selected: unknown, placeholder: string): string {
  const chosen = new Set((Array.isArray(selected) ? selected : [selected]).filter((v): v is string => typeof v === 'string'));
  const first = element.type === 'multi_static_select' ? '' : `<option value=""${chosen.size === 0 ? ' selected' : ''}>${escapeHtml(placeholder || 'Choose…')}</option>`;
  return (
    first +
    options(element)
      .map((o) => `<option value="${escapeHtml(o.value)}"${chosen.has(o.value) ? ' selected' : ''}${o.description ? ` title="${escapeHtml(o.description)}"` : ''}>${escapeHtml(o.label)}</option>`)
      .join('')
  );
}

function select(element: Loose, place: ElementPlace, surface: BlockSurface): string {
  const placeholder = plainText(element.placeholder);
  const multiple = element.type === 'multi_static_select' ? ' multiple' : '';
  const id = place.id ?? `${surface.idPrefix}-${place.blockId}-${str(element.actionId) ?? ''}`;
  const label = place.input ? '' : ` aria-label="${escapeHtml(placeholder || 'Choose an option')}"`;
  if (surface.kind === 'view') {
    const dispatch = place.input ? '' : ` data-dispatch-change="${escapeHtml(JSON.stringify({ ...surface.fields, element: elementRef(element, place) }))}"`;
    return `<select id="${escapeHtml(id)}" name="${escapeHtml(stateName(place.blockId, str(element.actionId) ?? ''))}"${multiple}${label}${dispatch}>${selectOptions(element, currentValue(element, place, surface), placeholder)}</select>`;
  }
  const name = multiple ? 'values' : 'value';
  return actionForm(
    surface,
    element,
    place,
    `<select id="${escapeHtml(id)}" name="${name}"${multiple}${label}>${selectOptions(element, element.initialValue, placeholder)}</select><noscript><button type="submit" class="btn">Go</button></noscript>`,
    ' data-autosubmit',
  );
}

function textInput(element: Loose, place: ElementPlace, surface: BlockSurface): string {
  const id = place.id ?? `${surface.idPrefix}-${place.blockId}-${str(element.actionId) ?? ''}`;
  const name = stateName(place.blockId, str(element.actionId) ?? '');
  const value = currentValue(element, place, surface);
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const placeholder = plainText(element.placeholder);
  const common = `id="${escapeHtml(id)}" name="${escapeHtml(name)}"${placeholder ? ` placeholder="${escapeHtml(placeholder)}"` : ''}${surface.kind === 'message' ? ' disabled' : ''}`;
  if (element.multiline === true) return `<textarea ${common} rows="4">${escapeHtml(text)}</textarea>`;
  return `<input type="text" ${common} value="${escapeHtml(text)}" autocomplete="off">`;
}

/**
 * An image as a link that opens it in a new tab: the console fetches nothing from the network.
 * Anything but an http(s) URL is only named.
 */
export function imageLink(url: string, alt: string): string {
  return /^https?:\/\//i.test(url) ? externalLink(url, `🖼 ${alt}`) : `<span role="img" aria-label="${escapeHtml(alt)}">🖼 ${escapeHtml(alt)}</span>`;
}

function image(element: Loose): string {
  return `<span class="img-ref">${imageLink(str(element.imageUrl) ?? '', str(element.altText) ?? 'image')}</span>`;
}

/** One block element as HTML; an element type the console does not know is named, not hidden. */
export function renderElement(element: unknown, place: ElementPlace, surface: BlockSurface): string {
  if (!isLoose(element)) return '';
  switch (element.type) {
    case 'button':
      return button(element, place, surface);
    case 'overflow':
      return overflow(element, place, surface);
    case 'static_select':
    case 'multi_static_select':
      return select(element, place, surface);
    case 'plain_text_input':
      return textInput(element, place, surface);
    case 'image':
      return image(element);
    case 'plain_text':
    case 'mrkdwn':
      return '';
    default:
      // datepicker, users_select, ...: a text field still lets the user give a value.
      if (place.input) return textInput(element, place, surface);
      return `<span class="muted">(${escapeHtml(String(element.type))} element)</span>`;
  }
}
