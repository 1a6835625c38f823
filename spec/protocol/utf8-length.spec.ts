import { utf8Length } from '../../src/protocol/utf8-length';

const encoded = (text: string) => new TextEncoder().encode(text).length;

describe('utf8Length', () => {
  it('counts the bytes TextEncoder writes: ASCII, 2-, 3- and 4-byte characters', () => {
    for (const text of ['', 'hello', 'é', 'ñandú', '€', '漢字', '😀', 'a😀b€é', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      expect(utf8Length(text)).toBe(encoded(text));
    }
  });

  it('counts a lone surrogate as the 3 bytes of its replacement, as TextEncoder does', () => {
    for (const text of ['\ud800', '\udc00', 'a\ud83d', '\ude00b', '\ud83d\ud83d\ude00', '\udc00\ud800']) {
      expect(utf8Length(text)).toBe(encoded(text));
    }
  });

  it('agrees with TextEncoder on 2,000 random strings of any code units', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      const units: number[] = [];
      const length = Math.floor(random() * 12);
      for (let i = 0; i < length; i++) {
        const pick = random();
        // mostly the edges where the byte count changes, surrogates included
        units.push(
          pick < 0.25 ? Math.floor(random() * 0x80) : pick < 0.5 ? 0xd800 + Math.floor(random() * 0x800) : Math.floor(random() * 0x10000),
        );
      }
      const text = String.fromCharCode(...units);
      expect(utf8Length(text)).toBe(encoded(text));
    }
  });
});
