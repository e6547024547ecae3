// A real OpenID Connect provider for Vigil's tests: oidc-provider (certified, with discovery, JWKS,
// the authorization code flow with PKCE, and its development login and consent pages), run as its own
// process because it is an ES module that Jest's CommonJS runtime cannot load.
//
// Environment: OIDC_PORT, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, and
// OIDC_ACCOUNTS, a JSON file { "<login>": { email, name, vigil_role, vigil_teams, ... } } read at
// every sign-in, so that a test changes what the provider claims by rewriting it. The development
// login page takes any password. Prints "listening" once it is.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const provider = new Provider(env('OIDC_ISSUER'), {
  clients: [
    {
      client_id: env('OIDC_CLIENT_ID'),
      client_secret: env('OIDC_CLIENT_SECRET'),
      redirect_uris: [env('OIDC_REDIRECT_URI')],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  // PKCE for every client, so a relying party that leaves it out fails here.
  pkce: { required: () => true },
  // Vigil's role and teams travel with the profile scope, as a provider's claim mappers would put them.
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'vigil_role', 'vigil_teams'],
  },
  cookies: { keys: ['vigil-tests-only-not-a-secret'] },
  async findAccount(_ctx, sub) {
    const accounts = JSON.parse(readFileSync(env('OIDC_ACCOUNTS'), 'utf8'));
    const claims = accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ ...claims, sub }) };
  },
});
// Quiet: the test reads failures from Vigil's side; the provider's own errors still reach stderr.
provider.on('server_error', (_ctx, error) => console.error(error));

provider.listen(Number(env('OIDC_PORT')), '127.0.0.1', () => console.log('listening'));
