import type { InteractionPolicy, interactionPolicy as InteractionPolicyModule } from 'oidc-provider';

/**
 * oidc-provider's default prompts, plus one login check. The devInteractions login page
 * accepts any name; when the name is not one of the server's accounts, `findAccount`
 * finds nothing and the provider would fail later with a server_error. Asking for the
 * login again instead is what a real login page does with a wrong user name.
 */
export function interactionPolicyFor(module: typeof InteractionPolicyModule): InteractionPolicy {
  const policy = module.base();
  const login = policy.get('login');
  if (login === undefined) throw new Error('oidc-provider base policy has no login prompt');
  login.checks.push(
    new module.Check('unknown_account', 'the signed-in account is not known to this server', (ctx) =>
      ctx.oidc.session.accountId !== undefined && ctx.oidc.account === undefined),
  );
  return policy;
}
