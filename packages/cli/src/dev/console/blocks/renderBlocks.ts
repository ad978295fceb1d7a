import { escapeHtml } from '../../../html/escape.ts';
import { imageLink, renderElement, type ElementPlace } from './elements.ts';
import { plainText, renderText } from './text.ts';
import { isLoose, str, type BlockSurface, type Loose } from './surface.ts';

/** Rocket.Chat's client puts values of blocks without an id under this name. */
const DEFAULT_BLOCK = 'default';

function place(block: Loose, surface: BlockSurface, index: number): ElementPlace {
  return { blockId: str(block.blockId) ?? DEFAULT_BLOCK, appId: str(block.appId), id: `${surface.idPrefix}-b${index}` };
}

function section(block: Loose, surface: BlockSurface, index: number): string {
  const fields = Array.isArray(block.fields) && block.fields.length > 0 ? `<div class="fields">${block.fields.map((field) => `<div>${renderText(field)}</div>`).join('')}</div>` : '';
  const accessory = block.accessory === undefined ? '' : `<div class="accessory">${renderElement(block.accessory, place(block, surface, index), surface)}</div>`;
  return `<div class="blk section"><div class="body">${renderText(block.text)}${fields}</div>${accessory}</div>`;
}

function actions(block: Loose, surface: BlockSurface, index: number): string {
  const elements = Array.isArray(block.elements) ? block.elements : [];
  const where = place(block, surface, index);
  return `<div class="blk actions" role="group">${elements.map((element, i) => renderElement(element, { ...where, id: `${where.id}-${i}` }, surface)).join('')}</div>`;
}

function context(block: Loose): string {
  const elements = Array.isArray(block.elements) ? block.elements : [];
  const parts = elements.map((element) => (isLoose(element) && element.type === 'image' ? `<span class="muted">🖼 ${escapeHtml(str(element.altText) ?? 'image')}</span>` : `<span>${renderText(element)}</span>`));
  return `<div class="blk context muted">${parts.join(' ')}</div>`;
}

function image(block: Loose): string {
  const title = plainText(block.title);
  return `<figure class="blk image">${imageLink(str(block.imageUrl) ?? '', str(block.altText) ?? 'image')}${title ? `<figcaption>${escapeHtml(title)}</figcaption>` : ''}</figure>`;
}

function input(block: Loose, surface: BlockSurface, index: number): string {
  const where: ElementPlace = { ...place(block, surface, index), input: true };
  const id = where.id ?? '';
  const error = surface.errors?.[where.blockId];
  const hint = plainText(block.hint);
  const optional = block.optional === true ? ' <span class="muted">(optional)</span>' : '';
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const element = renderElement(block.element, where, surface).replace(/^<(input|textarea|select) /, (tag) => (described ? `${tag}aria-describedby="${escapeHtml(described)}" ` : tag));
  return `<div class="blk input${error ? ' invalid' : ''}"><label for="${escapeHtml(id)}">${escapeHtml(plainText(block.label) || where.blockId)}${optional}</label>${element}${hint ? `<p class="hint muted" id="${escapeHtml(id)}-hint">${escapeHtml(hint)}</p>` : ''}${error ? `<p class="error" id="${escapeHtml(id)}-error" role="alert">${escapeHtml(error)}</p>` : ''}</div>`;
}

function block(value: unknown, surface: BlockSurface, index: number): string {
  if (!isLoose(value)) return '';
  switch (value.type) {
    case 'section':
      return section(value, surface, index);
    case 'actions':
      return actions(value, surface, index);
    case 'context':
      return context(value);
    case 'divider':
      return '<hr class="blk divider">';
    case 'image':
      return image(value);
    case 'input':
      return input(value, surface, index);
    case 'conditional':
      // Rocket.Chat shows its blocks when the engine matches; this host is a Rocket.Chat client.
      return renderBlocks(value.render, { ...surface, idPrefix: `${surface.idPrefix}-c${index}` });
    default:
      return `<div class="blk unknown muted">(a ${escapeHtml(String(value.type))} block the console does not show)</div>`;
  }
}

/** UIKit layout blocks as HTML: every text escaped, links only to http(s), nothing loaded from the network. */
export function renderBlocks(blocks: unknown, surface: BlockSurface): string {
  if (!Array.isArray(blocks) || blocks.length === 0) return '';
  return `<div class="blocks">${blocks.map((value, index) => block(value, surface, index)).join('')}</div>`;
}
