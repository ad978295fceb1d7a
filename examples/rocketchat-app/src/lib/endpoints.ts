import { IEnvironmentRead } from '@rocket.chat/apps-engine/definition/accessors';

// The provider's endpoints. Rocket.Chat lets an app read only a few environment variables; a host
// that allows EXAMPLE_OAUTH_ISSUER (Plugboard's tests do) points the app at an OpenID provider with
// oidc-provider's routes; anywhere else it talks to GitLab.com.
const VARIABLE = 'EXAMPLE_OAUTH_ISSUER';

export async function providerEndpoints(environment: IEnvironmentRead) {
    const variables = environment.getEnvironmentVariables();
    const issuer = (await variables.isReadable(VARIABLE)) && (await variables.isSet(VARIABLE)) ? await variables.getValueByName(VARIABLE) : '';
    if (issuer) {
        const base = issuer.replace(/\/+$/, '');
        return { authUri: `${base}/auth`, accessTokenUri: `${base}/token`, refreshTokenUri: `${base}/token`, revokeTokenUri: `${base}/token/revocation`, userInfoUri: `${base}/me` };
    }
    return {
        authUri: 'https://gitlab.com/oauth/authorize',
        accessTokenUri: 'https://gitlab.com/oauth/token',
        refreshTokenUri: 'https://gitlab.com/oauth/token',
        revokeTokenUri: 'https://gitlab.com/oauth/revoke',
        userInfoUri: 'https://gitlab.com/oauth/userinfo',
    };
}
