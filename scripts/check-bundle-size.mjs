// Checks the web app's first load against its budget (300 KB of JavaScript and CSS, gzipped), from the Vite
// manifest of the last build (`npm run build:web`). The first load is index.html, the entry chunk with everything
// it imports statically and its CSS, plus the heaviest page together with the app shell that frames it (both are
// lazy: whichever page opens first adds its own chunks and the shell's; counting the shell for the login page too
// keeps the check simple and errs on the safe side). Dialogs that load when opened are reported, not counted.
// Prints each part and exits 1 when over budget.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const BUDGET_BYTES = 300 * 1024;
/** Lazy layout chunks that load together with any page inside them. */
const LAYOUTS = ['src/app/shell.tsx'];
const root = fileURLToPath(new URL('..', import.meta.url));
const distDir = path.join(root, 'dist/web');
const manifestPath = path.join(distDir, '.vite/manifest.json');

if (!fs.existsSync(manifestPath)) {
  console.error(`No build at ${path.relative(root, distDir)}: run "npm run build:web" first.`);
  process.exit(1);
}
/** @type {Record<string, {file: string, isEntry?: boolean, imports?: string[], dynamicImports?: string[], css?: string[]}>} */
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));

const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(path.join(distDir, file))).length;

/** The files a chunk brings along when it loads: itself, its static imports (transitively) and their CSS. */
function closure(key, files = new Set()) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) closure(imported, files);
  return files;
}

const sum = (files) => [...files].reduce((total, file) => total + gzipSize(file), 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entryKey) {
  console.error('The manifest names no entry chunk.');
  process.exit(1);
}
const entryFiles = closure(entryKey);
entryFiles.add('index.html');
const entryBytes = sum(entryFiles);

// The pages are the entry's lazy imports: the router (src/app/routes.tsx) is part of the entry and loads one page
// per address. Dialogs and panels arrive later, when a user opens them; they are not part of the first load, and
// the heaviest of them is printed to keep an eye on it.
// The language catalogues (src/app/i18n.ts) are lazy imports of the entry too, but every start fetches one of them:
// the larger counts as part of the first load, whichever page it is.
const isCatalogue = (key) => /(^|\/)src\/app\/locales\/[a-z]{2}\.ts$/.test(key);
const catalogueKeys = (manifest[entryKey].dynamicImports ?? []).filter(isCatalogue);
if (catalogueKeys.length === 0) console.warn('warning: no language catalogue chunk in the manifest (moved?)');
const catalogueBytes = Math.max(0, ...catalogueKeys.map((key) => gzipSize(manifest[key].file)));
const pageKeys = new Set((manifest[entryKey].dynamicImports ?? []).filter((key) => !isCatalogue(key)));
const laterKeys = new Set();
const visit = (key) => {
  for (const next of [...(manifest[key]?.dynamicImports ?? []), ...(manifest[key]?.imports ?? [])]) {
    if (!pageKeys.has(next) && !laterKeys.has(next)) {
      if (manifest[next]?.isDynamicEntry) laterKeys.add(next);
      visit(next);
    }
  }
};
for (const key of pageKeys) visit(key);
const layoutFiles = new Set();
for (const key of LAYOUTS) {
  if (!manifest[key]) console.warn(`warning: the layout ${key} is not in the manifest (renamed?)`);
  closure(key, layoutFiles);
}
const heaviestOf = (keys) => {
  let heaviest = { key: '(none)', bytes: 0 };
  for (const key of keys) {
    if (LAYOUTS.includes(key)) continue;
    const added = [...new Set([...closure(key), ...layoutFiles])].filter((file) => !entryFiles.has(file));
    const bytes = sum(added);
    if (bytes > heaviest.bytes) heaviest = { key, bytes };
  }
  return heaviest;
};
const heaviest = heaviestOf(pageKeys);
const heaviestLater = heaviestOf(laterKeys);

const total = entryBytes + catalogueBytes + heaviest.bytes;
console.log(`entry (index.html, ${entryFiles.size - 1} JS/CSS files): ${kb(entryBytes)} gzipped`);
console.log(`larger language catalogue: ${kb(catalogueBytes)} gzipped`);
console.log(`heaviest page with the shell: ${heaviest.key}: ${kb(heaviest.bytes)} gzipped`);
console.log(`first load at most ${kb(total)} of ${kb(BUDGET_BYTES)} allowed`);
console.log(
  `heaviest dialog, loaded when opened: ${heaviestLater.key}: ${kb(heaviestLater.bytes)} with the shell ` +
    `(${kb(entryBytes + catalogueBytes + heaviestLater.bytes)} with the entry; not counted)`,
);
if (total > BUDGET_BYTES) {
  console.error(
    `The first load is over budget by ${kb(total - BUDGET_BYTES)}: split more routes or drop weight.`,
  );
  process.exit(1);
}
