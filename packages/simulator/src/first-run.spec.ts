import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { savedIngestKey } from './first-run';

describe('savedIngestKey', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-first-run-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ workspaces: ['apps/*'] }));
    mkdirSync(join(root, 'apps', 'workers'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the key npm start saved in the checkout that holds the given folder', () => {
    mkdirSync(join(root, '.vigil'));
    writeFileSync(join(root, '.vigil', 'first-run.json'), JSON.stringify({ ingestKey: 'vk_saved_0123' }));
    expect(savedIngestKey(join(root, 'apps', 'workers'))).toBe('vk_saved_0123');
  });

  it('has none where npm start never ran, or its file is unreadable', () => {
    expect(savedIngestKey(join(root, 'apps', 'workers'))).toBeUndefined();
    mkdirSync(join(root, '.vigil'));
    writeFileSync(join(root, '.vigil', 'first-run.json'), '{not json');
    expect(savedIngestKey(root)).toBeUndefined();
  });
});
