// The dashboard's only stylesheet, served from the package (no CDN, works offline). Kept in a
// module rather than a .css file so the compiled package carries it without a copy step.
export const STYLESHEET_PATH = "/dashboard/style.css";

export const STYLESHEET = `
:root { color-scheme: light; --ink: #1a202c; --muted: #4a5568; --line: #cbd5e0; --accent: #2b6cb0; --urgent: #9b2c2c; --attention: #975a16; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f7fafc; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: 0.5rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; margin: 0; }
header nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
header nav a[aria-current="page"] { font-weight: 700; text-decoration: none; }
.sign-out { margin-left: auto; color: var(--muted); }
main { padding: 1rem 1.5rem 3rem; max-width: 80rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; }
a { color: var(--accent); }
button, .button { font: inherit; padding: 0.45rem 1rem; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
.sign-out button { background: #fff; color: var(--accent); padding: 0.2rem 0.75rem; }
table { border-collapse: collapse; background: #fff; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #edf2f7; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.urgent { color: var(--urgent); font-weight: 700; }
.attention { color: var(--attention); font-weight: 700; }
.muted { color: var(--muted); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem 1rem; margin: 0.75rem 0; }
.panel > h2:first-child { margin-top: 0; }
td ul { margin: 0; padding-left: 1.1rem; }
.chart { max-width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
.spark { vertical-align: middle; }
dl.answers { display: grid; grid-template-columns: minmax(10rem, 28rem) 1fr; gap: 0.25rem 1rem; margin: 0.25rem 0 1rem; }
dl.answers dt { color: var(--muted); }
dl.answers dd { margin: 0; }
dl.answers dd p { margin: 0 0 0.25rem; }
ol.timeline { margin: 0.25rem 0 1rem; padding-left: 1.25rem; }
.downloads { display: flex; gap: 1rem; flex-wrap: wrap; }
`;
