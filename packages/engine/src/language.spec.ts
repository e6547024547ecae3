import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it('detects English', () => {
    expect(
      detectLanguage(['Hi, I was charged twice for my order and nobody answers.', 'Sorry to hear that!']),
    ).toBe('en');
  });

  it('detects Latvian from function words and letters', () => {
    expect(detectLanguage(['Labdien, man ir problēma ar rēķinu.', 'Paldies, ka sazinājāties!'])).toBe('lv');
    expect(detectLanguage(['Ļoti slikti, nepieņemami'])).toBe('lv');
  });

  it('falls back to English without evidence', () => {
    expect(detectLanguage([])).toBe('en');
    expect(detectLanguage(['12345', '😡'])).toBe('en');
  });

  it('follows the majority in a mixed conversation', () => {
    expect(
      detectLanguage(['Labdien! Man nav interneta jau trīs dienas.', 'Vai varat palīdzēt?', 'ok thanks']),
    ).toBe('lv');
  });
});
