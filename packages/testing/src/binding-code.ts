/**
 * The one-time binding code an `@plugboard/oauth2` callback page shows (binding confirmation): what
 * a test reads off the page and types in chat as the user would (`client.confirmBinding(user, code)`
 * or the *Enter code* modal). `undefined` when the page shows none.
 */
export function bindingCodeFrom(pageHtml: string): string | undefined {
  return /\b([A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4})\b/.exec(pageHtml)?.[1];
}

/** What `confirmBindingInChat` needs of a host: Plugboard's `host.interact` (an `AppHost`). */
export interface InteractingHost {
  interact(
    interaction: { type: 'blockAction'; userId: string; actionId: string } | { type: 'viewSubmit'; userId: string; viewId: string; state: Record<string, Record<string, unknown>> },
  ): Promise<{ response: unknown; views: Array<{ view: { id: string } }> }>;
  /** The messages apps sent (`host.messages`), where the client's alias is found when not given. */
  readonly messages?: ReadonlyArray<{ message: { blocks?: unknown } }>;
}

/** The alias of the newest binding message's *Enter code* button. */
function aliasOfNewestBindingMessage(host: InteractingHost): string | undefined {
  for (const entry of [...(host.messages ?? [])].reverse()) {
    const alias = /"actionId":"plugboard-oauth2:([A-Za-z0-9_.-]+):binding-enter-code"/.exec(JSON.stringify(entry.message.blocks ?? null))?.[1];
    if (alias !== undefined) return alias;
  }
  return undefined;
}

/**
 * Does in chat what the user does after the callback page said "Almost done": chooses *Enter code*
 * in the bot's message from the client of `alias` (default: the newest binding message's, when the
 * host lists its messages), and types the page's code in the modal. Resolves
 * `false` when the page showed no code (the binding confirmation is off, or the host authenticated
 * the browser); throws when the client refused the code.
 */
export async function confirmBindingInChat(host: InteractingHost, options: { userId: string; alias?: string; pageHtml: string }): Promise<boolean> {
  const code = bindingCodeFrom(options.pageHtml);
  if (code === undefined) return false;
  const alias = options.alias ?? aliasOfNewestBindingMessage(host);
  if (alias === undefined) throw new Error('the page shows a binding code, but no binding message was found: pass the alias');
  const prefix = `plugboard-oauth2:${alias}:`;
  await host.interact({ type: 'blockAction', userId: options.userId, actionId: `${prefix}binding-enter-code` });
  const viewId = `${prefix}binding-code`;
  const submitted = await host.interact({ type: 'viewSubmit', userId: options.userId, viewId, state: { 'binding-code': { code } } });
  if (submitted.views.some((open) => open.view.id === viewId)) {
    throw new Error(`the client refused the binding code: ${JSON.stringify(submitted.response)}`);
  }
  return true;
}
