/** The console's only stylesheet, served from /console.css (the CSP allows styles from this origin only). */
export const CONSOLE_CSS = `
:root { color-scheme: light dark; --accent: #1d5fd6; --muted: #6b6b6b; --line: #8884; --panel: #8881; --bad: #b3261e; --good: #1e7a3c; --warn: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --accent: #7aa7ff; --muted: #a0a0a0; --bad: #ff8a80; --good: #7bd88f; --warn: #e3b341; } }
* { box-sizing: border-box; }
html, body { height: 100%; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; display: flex; flex-direction: column; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; top: 0; background: Canvas; padding: .4rem .8rem; z-index: 10; }
.skip:focus { left: .5rem; }
.muted { color: var(--muted); }
code { font: .9em ui-monospace, monospace; overflow-wrap: anywhere; }
h2 { font-size: 1rem; margin: 0 0 .5rem; }
h3 { font-size: .95rem; margin: 0 0 .3rem; }

header.top { padding: .5rem 1rem; border-bottom: 1px solid var(--line); display: flex; gap: .4rem 1.2rem; align-items: baseline; flex-wrap: wrap; }
header.top h1 { font-size: 1.1rem; margin: 0; }
header.top nav a { margin-right: .4rem; }
header.top nav a[aria-current=page] { font-weight: 700; text-decoration: none; }
header.top .server { margin: 0; font-size: .85rem; }

.layout { flex: 1; min-height: 0; display: grid; grid-template-columns: 13rem minmax(0, 1fr) minmax(20rem, 27rem); }
.rooms { border-right: 1px solid var(--line); padding: .8rem; overflow-y: auto; }
.rooms h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin-top: .6rem; }
.rooms ul { list-style: none; padding: 0; margin: 0 0 .6rem; }
.rooms a { display: flex; justify-content: space-between; padding: .3rem .5rem; border-radius: 6px; text-decoration: none; color: inherit; overflow-wrap: anywhere; }
.rooms a:hover { background: var(--panel); }
.rooms a[aria-current=page] { background: var(--accent); color: Canvas; }
.unread { background: var(--bad); color: #fff; border-radius: 1em; padding: 0 .45em; font-size: .8em; font-weight: 700; }

.chat { display: flex; flex-direction: column; min-height: 0; min-width: 0; }
.chat .scroll { flex: 1; overflow-y: auto; padding: 0 1rem; }
.room-head { position: sticky; top: 0; background: Canvas; display: flex; align-items: center; justify-content: space-between; padding: .6rem 0; border-bottom: 1px solid var(--line); z-index: 1; }
.room-head h2 { margin: 0; }
.messages { list-style: none; padding: 0; margin: 0; }
.msg { padding: .55rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.msg.ephemeral { background: var(--panel); padding-left: .5rem; padding-right: .5rem; }
.msg .meta { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; font-size: .9em; }
.msg .meta .menu { margin-left: auto; }
.msg .text { margin: .2rem 0; }
.note { font-size: .8em; color: var(--muted); font-style: italic; }
.badge { font-size: .7em; border: 1px solid var(--muted); border-radius: 4px; padding: 0 .3em; color: var(--muted); text-transform: uppercase; }
.empty { padding: 1rem 0; }

.blocks { display: flex; flex-direction: column; gap: .45rem; margin: .35rem 0; }
.blk.section { display: flex; gap: .8rem; align-items: flex-start; justify-content: space-between; }
.blk.section .fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .3rem 1rem; margin-top: .3rem; }
.blk.actions { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.blk.context { font-size: .85em; display: flex; gap: .5rem; flex-wrap: wrap; }
.blk.divider { border: 0; border-top: 1px solid var(--line); margin: .2rem 0; width: 100%; }
.blk.image { margin: 0; }
.blk.image figcaption { font-size: .85em; color: var(--muted); }
.blk.input { display: flex; flex-direction: column; gap: .25rem; }
.blk.input label { font-weight: 600; }
.blk.input.invalid input, .blk.input.invalid textarea, .blk.input.invalid select { border-color: var(--bad); }
.error { color: var(--bad); margin: .2rem 0; }
.hint { margin: 0; font-size: .85em; }
form.el, form.inline { display: inline-flex; gap: .3rem; margin: 0; }
.attachment { border-left: 4px solid var(--line); padding: .3rem .6rem; margin: .35rem 0; }
.attachment.c-good { border-left-color: var(--good); }
.attachment.c-warning { border-left-color: var(--warn); }
.attachment.c-danger { border-left-color: var(--bad); }
.attachment.c-info { border-left-color: var(--accent); }
.attachment .title { font-weight: 600; }
.attachment .fields { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .2rem 1rem; margin: .3rem 0; }
.attachment .fields div:not(.short) { grid-column: 1 / -1; }
.attachment dt { font-weight: 600; }
.attachment dd { margin: 0; }

.btn, button { font: inherit; padding: .3rem .8rem; border-radius: 6px; border: 1px solid var(--line); background: ButtonFace; color: ButtonText; cursor: pointer; text-decoration: none; display: inline-block; line-height: 1.3; }
.btn.primary { background: var(--accent); border-color: var(--accent); color: Canvas; }
.btn.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
.btn.secondary { background: transparent; }
.btn.icon { padding: .1rem .5rem; }
.btn.disabled { opacity: .6; cursor: default; }
[aria-busy=true] button { opacity: .6; }
input[type=text], input[type=password], input[type=number], input:not([type]), select, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid var(--muted); border-radius: 6px; background: Field; color: FieldText; max-width: 100%; }

details.menu { position: relative; display: inline-block; }
details.menu > summary { list-style: none; }
details.menu > summary::-webkit-details-marker { display: none; }
.menu-items { position: absolute; right: 0; z-index: 5; background: Canvas; border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 4px 16px #0003; padding: .3rem; display: flex; flex-direction: column; min-width: 12rem; }
.menu-items button { text-align: left; border: 0; background: transparent; color: inherit; }
.menu-items button:hover, .menu-items button:focus-visible { background: var(--panel); }

.composer { display: flex; gap: .5rem; padding: .6rem 1rem; border-top: 1px solid var(--line); }
.composer input { flex: 1; min-width: 0; }
.commands { padding: 0 1rem; display: flex; gap: .5rem; align-items: flex-start; }
.commands .help { margin: 0; padding-left: 1rem; font-size: .85em; }
.notices { padding: 0 1rem .5rem; }
.activity { list-style: none; margin: 0; padding: 0; font-size: .9em; }
.activity li.error { color: var(--bad); }
.activity time { color: var(--muted); }

.side { border-left: 1px solid var(--line); overflow-y: auto; padding: .8rem; display: flex; flex-direction: column; gap: 1rem; }
.panel, .bar { border: 1px solid var(--line); border-radius: 8px; padding: .7rem .8rem; }
.bar header, dialog header { display: flex; justify-content: space-between; align-items: center; gap: .5rem; }
.aliases { padding-left: 1rem; font-size: .9em; overflow-wrap: anywhere; }
.conn { border-top: 1px solid var(--line); padding: .5rem 0; }
.conn .facts { display: grid; grid-template-columns: auto 1fr; gap: .1rem .6rem; margin: .2rem 0; font-size: .9em; }
.conn .facts dd { margin: 0; }
.conn .row { display: flex; gap: .4rem; flex-wrap: wrap; }
.claims dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .6rem; font-size: .85em; margin: .3rem 0; }
.claims dl div { display: contents; }
.claims dd { margin: 0; overflow-wrap: anywhere; }
.state { font-size: .8em; border-radius: 4px; padding: .05rem .4rem; border: 1px solid currentColor; white-space: nowrap; }
.state-connected { color: var(--good); }
.state-expired, .state-needs-re-authorization { color: var(--warn); }
.state-not-connected, .state-no-client { color: var(--muted); }
.requests { list-style: none; padding: 0; margin: 0; font-size: .85em; }
.req { border-top: 1px solid var(--line); padding: .3rem 0; }
.req.fail .outcome, .req.fail .status { color: var(--bad); font-weight: 600; }
.req.ok .status { color: var(--good); }
.req code { display: block; color: var(--muted); }
form.settings { display: flex; flex-direction: column; gap: .2rem; }
form.settings label { font-weight: 600; margin-top: .4rem; }
form.settings input[type=text], form.settings input[type=password], form.settings input[type=number], form.settings select, form.settings textarea { width: 100%; }

dialog.modal { border: 1px solid var(--line); border-radius: 10px; padding: 0; width: min(32rem, 94vw); max-height: 90vh; }
dialog.modal::backdrop { background: #0007; }
.view-form { display: flex; flex-direction: column; gap: .6rem; padding: 1rem; }
.view-form footer { display: flex; justify-content: flex-end; gap: .5rem; }
.view-form .view-body input, .view-form .view-body textarea, .view-form .view-body select { width: 100%; }
.view-form .implicit { display: none; }

@media (max-width: 1100px) { .layout { grid-template-columns: 11rem minmax(0, 1fr) minmax(17rem, 22rem); } }
@media (max-width: 860px) {
  body { display: block; }
  .layout { display: flex; flex-direction: column; }
  .rooms { border-right: 0; border-bottom: 1px solid var(--line); }
  .rooms ul { display: flex; flex-wrap: wrap; gap: .3rem; }
  .chat .scroll { max-height: 60vh; }
  .side { border-left: 0; border-top: 1px solid var(--line); overflow: visible; }
}
`;
