import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB_SRC = fileURLToPath(new URL('..', import.meta.url));
const STYLES_DIR = fileURLToPath(new URL('../../../node_modules/@mantine/core/styles', import.meta.url));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [full] : [];
  });
}

/** Every name imported from @mantine/core anywhere in the web app. */
function importedComponents(): Set<string> {
  const names = new Set<string>();
  for (const file of sources(WEB_SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@mantine\/core'/g)) {
      for (const part of (match[1] ?? '').split(',')) {
        const name = part.trim().replace(/^type\s+/, '');
        if (/^[A-Z]\w*$/.test(name)) names.add(name);
      }
    }
  }
  return names;
}

describe('Mantine styles', () => {
  it('are imported for every component the app uses that has styles of its own', () => {
    const imported = fs.readFileSync(path.join(WEB_SRC, 'app/styles.ts'), 'utf8');
    const used = [...importedComponents()];
    expect(used.length).toBeGreaterThan(20);
    const missing = used.filter(
      (name) =>
        fs.existsSync(path.join(STYLES_DIR, `${name}.css`)) &&
        !imported.includes(`'@mantine/core/styles/${name}.css'`),
    );
    expect(missing).toEqual([]);
  });
});
