import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '../src/index.ts';
import { renderBlocks } from '../src/dev/console/blocks/renderBlocks.ts';
import { stateName } from '../src/dev/console/blocks/surface.ts';
import { ConsoleClient } from './consoleClient.ts';

const appModule = fileURLToPath(new URL('./fixtures/blocksApp.ts', import.meta.url));
let dev: DevHost;
let client: ConsoleClient;
let room: string;

/** The newest message text the app sent. */
const lastText = () => dev.host.messages.at(-1)?.message.text;
/** `value` of the first `name="element"` field (or button) for this action id in the HTML. */
function elementOf(html: string, actionId: string): string {
  const encoded = /value="(\{&quot;blockId[^"]*?)"/g;
  for (const [, value] of html.matchAll(encoded)) {
    const json = value!.replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    if ((JSON.parse(json) as { actionId: string }).actionId === actionId) return json;
  }
  throw new Error(`no element ${actionId}`);
}

beforeAll(async () => {
  dev = await startDevHost({ appModule, port: 0, store: 'memory', env: {}, logger: () => {}, localAuthorizationServer: false });
  client = new ConsoleClient(dev);
  await client.post('/send', { text: '/show' });
  room = (await client.regions()).room;
});
afterAll(async () => {
  await dev?.close();
});

describe('UIKit blocks in the console', () => {
  it('lists the direct room with the app bot before anyone wrote there, then the real room', async () => {
    const fresh = await client.region('rooms', 'bob');
    expect(fresh).toContain('room=dm%3Ablocks.bot');
    expect(fresh).toContain('@blocks.bot');
    expect(room).not.toMatch(/^dm:/);
    expect(await client.region('rooms')).toContain(`data-room-key="${room}"`);
  });

  it('renders section (text, fields, accessory), actions, context, divider, image and attachments, escaped', async () => {
    const html = await client.region('room', 'alice', room);
    expect(html).toContain('<strong>Weekly</strong> report &lt;script&gt;x&lt;/script&gt;');
    expect(html).toMatch(/<div class="fields"><div><strong>Open:<\/strong> 3<\/div><div>Closed: 5<\/div><\/div>/);
    expect(html).toMatch(/<div class="accessory"><details class="menu overflow"><summary class="btn" aria-label="More options">/);
    expect(html).toContain('<hr class="blk divider">');
    expect(html).toMatch(/<button type="submit" class="btn primary" name="value" value="yes">Approve<\/button>/);
    expect(html).toMatch(/<a href="https:\/\/docs\.example\.test\/x\?a=1&amp;b=2" target="_blank" rel="noopener noreferrer" class="btn" data-dispatch="[^"]+">Docs<\/a>/);
    expect(html).not.toContain('javascript:');
    expect(html).toMatch(/<select id="[^"]+" name="value" aria-label="Pick a size"><option value="" selected>Pick a size<\/option><option value="s">Small<\/option>/);
    expect(html).toContain('<em>updated</em> today');
    expect(html).toContain('<figure class="blk image"><a href="https://img.example.test/chart.png" target="_blank" rel="noopener noreferrer">🖼 a chart</a><figcaption>Chart</figcaption></figure>');
    // Nothing is loaded from the network: images are links.
    expect(html).not.toMatch(/<img\b/);
    expect(html).toMatch(/<div class="attachment c-danger"><div class="title"><a href="https:\/\/status\.example\.test\/1"[^>]*>Incident<\/a><\/div><div>Down <strong>now<\/strong><\/div>/);
  });

  it('a button sends its value as a block action; a select its option; an overflow the option picked', async () => {
    const html = await client.region('room', 'alice', room);
    const messageId = /data-message-id="([^"]+)"/.exec(html)![1]!;
    await client.post('/action', { room, messageId, element: elementOf(html, 'btn'), value: 'yes' });
    expect(lastText()).toBe('btn -> yes (trigger)');
    await client.post('/action', { room, messageId, element: elementOf(html, 'pick'), value: 'l' });
    expect(lastText()).toBe('pick -> l (trigger)');
    await client.post('/action', { room, messageId, element: elementOf(html, 'more'), value: 'pin' });
    expect(lastText()).toBe('more -> pin (trigger)');
    // A link button's own dispatch (what the page's script sends on click).
    const dispatch = /data-dispatch="([^"]+)"/.exec(html)![1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    await client.post('/action', JSON.parse(dispatch) as Record<string, string>);
    expect(lastText()).toBe('docs -> undefined (trigger)');
  });

  it('a contextual bar the app opens is shown with its field; its submit reaches the app with the typed value', async () => {
    const html = await client.region('room', 'alice', room);
    const messageId = /data-message-id="([^"]+)"/.exec(html)![1]!;
    await client.post('/action', { room, messageId, element: elementOf(html, 'open-bar') });
    const bars = await client.region('bars', 'alice', room);
    expect(bars).toMatch(/<section class="bar" aria-labelledby="bar-title-0">/);
    expect(bars).toContain('<label for="bar0-b0">Note</label><input type="text" id="bar0-b0"');
    expect(bars).toContain('value="first"');
    await client.post('/view/submit', { room, viewId: 'details-bar', [stateName('note', 'text')]: 'typed in the bar' });
    expect(lastText()).toBe('bar saved: typed in the bar');
    expect(await client.region('bars', 'alice', room)).toBe('');
  });

  it('action buttons apps register appear in the room menu and run with the room', async () => {
    const html = await client.region('room', 'alice', room);
    expect(html).toMatch(/<details class="menu"><summary class="btn icon" aria-label="Room actions"/);
    expect(html).toContain('>say hello</button>');
    await client.post('/button', { room, button: JSON.stringify({ appId: 'blocks', actionId: 'room-hello' }) });
    expect(lastText()).toBe('room-hello in the room');
  });

  it('a failing interaction is a notice, not a crash', async () => {
    await client.post('/action', { room, messageId: 'nope', element: JSON.stringify({ blockId: 'acts', actionId: 'btn' }) });
    expect(await client.region('activity')).toMatch(/the btn action failed: User &quot;alice&quot; has no message &quot;nope&quot;/);
  });
});

describe('the block renderer', () => {
  const surface = { kind: 'view' as const, fields: { csrf: 'c', viewId: 'v' }, idPrefix: 'v', state: { b1: { a1: 'typed <x>' } }, errors: { b1: 'Too <short>' } };

  it('view inputs are named after block and action ids, carry what was typed and their error, and describe it', () => {
    const html = renderBlocks(
      [
        { type: 'input', blockId: 'b1', label: { type: 'plain_text', text: 'Name' }, hint: { type: 'plain_text', text: 'your name' }, element: { type: 'plain_text_input', actionId: 'a1' } },
        { type: 'input', blockId: 'b2', optional: true, label: { type: 'plain_text', text: 'Size' }, element: { type: 'static_select', actionId: 'a2', initialValue: 'l', options: [{ text: { type: 'plain_text', text: 'L' }, value: 'l' }] } },
      ],
      surface,
    );
    expect(html).toContain(`name="${stateName('b1', 'a1').replaceAll('"', '&quot;')}"`);
    expect(html).toContain('value="typed &lt;x&gt;"');
    expect(html).toContain('aria-describedby="v-b0-hint v-b0-error"');
    expect(html).toContain('<p class="error" id="v-b0-error" role="alert">Too &lt;short&gt;</p>');
    expect(html).toContain('<option value="l" selected>L</option>');
    expect(html).toContain('(optional)');
  });

  it('a button in a view posts a block action with formaction; unknown blocks and elements are named, not dropped', () => {
    const html = renderBlocks(
      [
        { type: 'actions', blockId: 'x', elements: [{ type: 'button', actionId: 'go', text: { type: 'plain_text', text: 'Go' } }, { type: 'datepicker', actionId: 'd' }] },
        { type: 'video_conf', callId: '1' },
        { type: 'conditional', render: [{ type: 'divider' }] },
      ],
      surface,
    );
    expect(html).toContain('formaction="/action"');
    expect(html).toContain('(datepicker element)');
    expect(html).toContain('(a video_conf block the console does not show)');
    expect(html).toContain('<hr class="blk divider">');
  });

  it('renders nothing that runs: no script, no handler attribute, no javascript: or data: link', () => {
    const hostile = [
      { type: 'section', text: { type: 'mrkdwn', text: '<img src=x onerror=alert(1)> [x](javascript:alert(1)) <data:text/html,x|y>' }, accessory: { type: 'image', imageUrl: 'javascript:alert(1)', altText: '" onload="x' } },
      { type: 'image', imageUrl: 'data:image/png;base64,AAAA', altText: '<b>' },
      { type: 'actions', elements: [{ type: 'button', actionId: '"><script>', text: { type: 'plain_text', text: '</button><script>x</script>' }, url: 'data:text/html,x' }] },
    ];
    const html = renderBlocks(hostile, { kind: 'message', fields: {}, idPrefix: 'm' });
    expect(html).not.toMatch(/<script|<img|\son[a-z]+="|href="(javascript|data):/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
