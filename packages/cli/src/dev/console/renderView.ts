import type { OpenView } from '@plugboard/apps-engine/server';
import { escapeHtml } from '../../html/escape.ts';
import { renderBlocks } from './blocks/renderBlocks.ts';
import { plainText } from './blocks/text.ts';
import { liveForm } from './forms.ts';
import { pageFields, type ConsoleView } from './view.ts';

function buttonLabel(button: unknown, fallback: string): string {
  return plainText((button as { text?: unknown } | undefined)?.text) || fallback;
}

/**
 * A view's form: its blocks (inputs are fields named after their block and action ids), submit
 * (`/view/submit`) and close (`/view/close`; the X sends `cleared`, as Rocket.Chat's client does).
 * The first, hidden submit button makes Enter in a field submit the view, not the first button
 * among the blocks.
 */
function viewForm(view: ConsoleView, open: OpenView, idPrefix: string, titleId: string): string {
  const fields = { ...pageFields(view), viewId: open.view.id };
  const surface = { kind: 'view' as const, fields, idPrefix, state: open.state, ...(open.errors === undefined ? {} : { errors: open.errors }) };
  const title = escapeHtml(plainText(open.view.title) || open.view.id);
  const submit = open.view.submit ? `<button type="submit" class="btn primary">${escapeHtml(buttonLabel(open.view.submit, 'Submit'))}</button>` : '';
  const close = `<button type="submit" class="btn" formaction="/view/close" formnovalidate>${escapeHtml(buttonLabel(open.view.close, 'Close'))}</button>`;
  const inner = `<button type="submit" class="implicit" tabindex="-1" aria-hidden="true"></button>
<header><h2 id="${titleId}">${title}</h2><button type="submit" class="btn icon" formaction="/view/close" formnovalidate name="cleared" value="1" aria-label="Close ${title}" title="Close">✕</button></header>
<div class="view-body">${renderBlocks(open.view.blocks, surface)}</div>
<footer>${close}${submit}</footer>`;
  return liveForm('/view/submit', fields, inner, ` class="view-form" data-view-id="${escapeHtml(open.view.id)}"`);
}

/** The user's open modal, as a dialog (the page's script makes it modal and sends Escape as a close). */
export function renderModal(view: ConsoleView): string {
  const open = view.modal;
  if (open === undefined) return '';
  return `<dialog class="modal" open aria-labelledby="modal-title" data-view-id="${escapeHtml(open.view.id)}">${viewForm(view, open, 'modal', 'modal-title')}</dialog>`;
}

/** The user's contextual bars, newest first, in the side column. */
export function renderBars(view: ConsoleView): string {
  return [...view.bars]
    .reverse()
    .map((open, index) => `<section class="bar" aria-labelledby="bar-title-${index}">${viewForm(view, open, `bar${index}`, `bar-title-${index}`)}</section>`)
    .join('');
}
