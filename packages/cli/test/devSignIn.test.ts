// The bundled server from the console: its sign-out link works, and an unknown login is told.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startDevHost } from '../src/index.ts';

const ECHO_APP = fileURLToPath(new URL('./fixtures/echoApp.ts', import.meta.url));

describe('plugboard dev and the bundled server', () => {
  it('the console links to the bundled server\'s sign-out page', async () => {
    const dev = await startDevHost({ appModule: ECHO_APP, port: 0, store: 'memory', env: {}, logger: () => {} });
    try {
      const html = await (await fetch(`${dev.url}/`)).text();
      const link = /<a href="([^"]+)"[^>]*>Sign out of it<\/a>/.exec(html)?.[1];
      expect(link).toBe(dev.authorizationServer!.endpoints.endSession);
      const page = await fetch(link!);
      expect(page.status).toBe(200);
      // Signed in, it asks to confirm (packages/testing's test); without a session it goes on by itself.
      expect(await page.text()).toContain('/session/end/confirm');
    } finally {
      await dev.close();
    }
  });
});
