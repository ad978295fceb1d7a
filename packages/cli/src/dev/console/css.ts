/** The console's only stylesheet, served from /console.css (the CSP allows 'self' styles only). */
export const CONSOLE_CSS = `
:root { color-scheme: light dark; --accent: #2f6fde; --muted: #777; --line: #8884; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; }
header { padding: .8rem 1.5rem; border-bottom: 1px solid var(--line); display: flex; gap: 1.5rem; align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 1.15rem; margin: 0; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; padding: 1.2rem 1.5rem; }
section { border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; margin-bottom: 1.2rem; }
h2 { font-size: 1rem; margin: 0 0 .6rem; }
.muted { color: var(--muted); font-size: .9em; }
.messages { list-style: none; padding: 0; margin: 0; max-height: 28rem; overflow-y: auto; }
.messages li { padding: .45rem .2rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.messages .meta { color: var(--muted); font-size: .8em; margin-right: .5rem; }
.activity li.error { color: #c0392b; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
label { display: block; margin: .5rem 0 .15rem; font-weight: 600; }
input[type=text], input[type=password], input[type=number], select { width: 100%; box-sizing: border-box; padding: .3rem; }
form.inline { display: inline; }
.row { display: flex; gap: .5rem; align-items: center; }
.row select { width: auto; flex: 0 0 auto; }
.row input[type=text] { flex: 1; min-width: 8rem; }
button { padding: .3rem .8rem; cursor: pointer; }
.status-connected { color: #1e8449; font-weight: 600; }
nav a { margin-right: .6rem; }
nav a[aria-current=page] { font-weight: 700; text-decoration: none; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
`;
