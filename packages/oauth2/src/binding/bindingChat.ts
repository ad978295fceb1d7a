import type { IUIKitResponse } from '@plugboard/apps-engine';
import { submittedText } from '../chat/blocks.ts';
import type { ClientContext } from '../client/context.ts';
import type { IBindingConfirmationResult } from '../IOAuth2Client.ts';
import { BINDING_ACTIONS, CODE_INPUT, codeModal } from './bindingMessages.ts';

/**
 * The binding message's buttons, handled by the client: *Enter code* opens a modal for the code
 * shown on the callback page, *Not me* revokes. They act for the user who clicks (a button in
 * someone else's message can only touch the clicker's own binding).
 */
export function registerBindingActions(ctx: ClientContext): void {
  const { chat } = ctx;
  chat.onBlockAction(BINDING_ACTIONS.enterCode, async (context, io) => {
    const { user } = context.getInteractionData();
    const pending = await ctx.bindings.pendingAccount(io.read, user.id);
    return context.getInteractionResponder().openModalViewResponse(codeModal(chat, ctx.bindings.wording(pending)) as never);
  });
  chat.onViewSubmit(BINDING_ACTIONS.codeView, async (context, io) => {
    const { user, view } = context.getInteractionData();
    const result = await ctx.bindings.confirm(io, user, submittedText(view.state, CODE_INPUT.blockId, CODE_INPUT.actionId));
    const responder = context.getInteractionResponder();
    if (result.status === 'confirmed') return responder.successResponse();
    return responder.viewErrorResponse({ viewId: view.id, errors: { [CODE_INPUT.blockId]: refusal(result) } }) as IUIKitResponse;
  });
  chat.onBlockAction(BINDING_ACTIONS.notMe, async (context, io) => {
    await ctx.bindings.reject(io, context.getInteractionData().user);
    return context.getInteractionResponder().successResponse();
  });
}

function refusal(result: IBindingConfirmationResult): string {
  switch (result.status) {
    case 'wrong_code':
      return `That is not the code. ${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left.`;
    case 'too_many_attempts':
      return 'Too many wrong codes: the connection was cancelled and its access revoked. Start again.';
    case 'expired':
      return 'The code expired: the connection was cancelled and its access revoked. Start again.';
    default:
      return 'Nothing is waiting for your confirmation (it may have expired or been cancelled).';
  }
}
