/** Where blocks are shown, which decides how their interactive elements talk back. */
export interface BlockSurface {
  /**
   * `message`: each element is a small form of its own posting a block action with `hidden`.
   * `view`: the blocks sit inside the view's form; input elements are its fields (`state:` names),
   * buttons of actions blocks post a block action with `formaction`.
   */
  kind: 'message' | 'view';
  /**
   * Fields every block action from here carries: the console token, user, room, and the message or
   * view id. Hidden inputs of each element form, and the body a link button posts.
   */
  fields: Record<string, string>;
  /** Unique per surface on the page: element ids derive from it (labels point at them). */
  idPrefix: string;
  /** A view's values (block id -> action id -> value) and field errors (block id -> text). */
  state?: Record<string, Record<string, unknown>>;
  errors?: Record<string, string>;
}

/** A record, or nothing. */
export type Loose = Record<string, unknown>;

export function isLoose(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A view field's form name: `state:` and the JSON of [block id, action id] (ids may hold any character). */
export function stateName(blockId: string, actionId: string): string {
  return `state:${JSON.stringify([blockId, actionId])}`;
}

/** Reads a `stateName` back; `undefined` for other names. */
export function parseStateName(name: string): [string, string] | undefined {
  if (!name.startsWith('state:')) return undefined;
  try {
    const parsed: unknown = JSON.parse(name.slice('state:'.length));
    return Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string') ? (parsed as [string, string]) : undefined;
  } catch {
    return undefined;
  }
}
