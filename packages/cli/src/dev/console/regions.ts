import { createHash } from 'node:crypto';
import { renderActivity } from './renderActivity.ts';
import { renderCommands } from './renderCommands.ts';
import { renderConnections } from './renderConnections.ts';
import { renderRequests } from './renderRequests.ts';
import { renderRoom } from './renderRoom.ts';
import { renderRooms } from './renderRooms.ts';
import { renderSettings } from './renderSettings.ts';
import { renderBars, renderModal } from './renderView.ts';
import type { ConsoleView } from './view.ts';

/** The parts of the page that change; the page's script swaps each one whose version changed. */
export const REGIONS = {
  rooms: renderRooms,
  room: renderRoom,
  commands: renderCommands,
  activity: renderActivity,
  overlay: renderModal,
  bars: renderBars,
  connections: renderConnections,
  requests: renderRequests,
  settings: renderSettings,
} satisfies Record<string, (view: ConsoleView) => string>;

export type RegionName = keyof typeof REGIONS;

export interface RenderedRegion {
  html: string;
  /** A short digest of the HTML: equal versions need no swap. */
  version: string;
}

export function renderRegions(view: ConsoleView): Record<RegionName, RenderedRegion> {
  const out = {} as Record<RegionName, RenderedRegion>;
  for (const [name, render] of Object.entries(REGIONS) as Array<[RegionName, (view: ConsoleView) => string]>) {
    const html = render(view);
    out[name] = { html, version: createHash('sha256').update(html).digest('base64url').slice(0, 16) };
  }
  return out;
}
