import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanUtterance, findRepoRoot, loadPhraseSources, parseCsv } from './datasets';

describe('datasets', () => {
  it('finds the repository root from inside a workspace', () => {
    const root = findRepoRoot(__dirname)!;
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces).toBeDefined();
  });

  it('parses quoted CSV with a BOM and CRLF', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, ""y""",z\nlast,row')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'z'],
      ['last', 'row'],
    ]);
  });

  it('keeps message-like utterances only', () => {
    expect(cleanUtterance('  I was   charged twice ')).toBe('I was charged twice');
    expect(cleanUtterance('cancel order')).toBeUndefined();
    expect(cleanUtterance('x'.repeat(400))).toBeUndefined();
  });

  it('maps data-set intents to topics and survives missing files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-datasets-'));
    try {
      fs.mkdirSync(path.join(dir, 'banking77'));
      fs.writeFileSync(
        path.join(dir, 'banking77', 'train.csv'),
        'text,category\nWhy did you take my money twice?,transaction_charged_twice\nWhat is the weather like,unknown_intent\n',
      );
      fs.mkdirSync(path.join(dir, 'bitext', 'Data'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'bitext', 'Data', 'x.csv'),
        'flags,utterance,category,intent\nBK,cancel order,ORDER,cancel_order\nB,"help me get my refund, please",REFUND,get_refund\n',
      );
      const sources = loadPhraseSources(dir);
      expect(sources.openings.get('double-charge')).toEqual(['Why did you take my money twice?']);
      expect(sources.openings.get('refund')).toEqual(['help me get my refund, please']);
      expect(sources.openings.get('cancel-account')).toBeUndefined();
      expect(sources.loaded).toEqual(['banking77: 1 texts', 'bitext: 1 utterances']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(loadPhraseSources('/nonexistent/place').openings.size).toBe(0);
    expect(loadPhraseSources(undefined).loaded).toEqual([]);
  });
});
