import type { KoaContextLike } from 'oidc-provider';

const THIRD_PARTY_FONT = /@import url\(https:\/\/fonts\.googleapis\.com\/[^)]*\);?/g;

/**
 * The devInteractions pages import a web font from a third party. Tests (and the browser
 * test) run with loopback-only network, where that import can only fail or stall page
 * load; the pages render the same without it.
 */
export async function stripThirdPartyFonts(ctx: KoaContextLike, next: () => Promise<void>): Promise<void> {
  await next();
  if (typeof ctx.body === 'string' && ctx.body.includes('fonts.googleapis.com')) {
    ctx.body = ctx.body.replace(THIRD_PARTY_FONT, '');
  }
}
