// The authorization server of the load run (bench/load.ts) in a process of its own.
import { startAuthorizationServer } from '@plugboard/testing';
import { CLIENT_ID, CLIENT_SECRET } from './benchHost.ts';
import { serveRpc } from './rpc.ts';

const [users, redirectUri] = [Number(process.argv[2]), process.argv[3] as string];
const as = await startAuthorizationServer({ accounts: Array.from({ length: users }, (_, i) => ({ id: `load-${i}` })) });
await as.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [redirectUri] });

serveRpc(as.issuer, {
  counters: async () => ({ ...as.counters }),
});
