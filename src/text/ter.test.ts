import { describe, expect, it } from 'vitest';
import { Ter } from './ter.js';

// sacreBLEU 2.6.0 test/test_ter.py: corpus TER with one reference stream, expected rates within 1e-3 (× 100 here).
const SACREBLEU_TER_CASES: ReadonlyArray<[string[], string[], number]> = [
  [['aaaa bbbb cccc dddd'], ['aaaa bbbb cccc dddd'], 0],
  [['dddd eeee ffff'], ['aaaa bbbb cccc'], 1],
  [[''], ['a'], 1], // empty hypothesis
  [['a'], [''], 1], // empty reference: all hypothesis words are edits, over 0 reference words
  [[''], [''], 0], // both empty, defined as 0
  [['d e f g h a b c'], ['a b c d e f g h'], 1 / 8], // one shift
  [
    [
      'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit das Bild ungefähr dieselbe Größe aufweist wie die andere Größe .',
      'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',
      'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie Werte für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " ein .',
      'Sie können beispielsweise ein Dokument erstellen , das ein Auto über die Bühne enthält .',
      'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',
    ],
    [
      'wählen Sie " Bild neu berechnen , " um beim Ändern der Bildgröße Pixel hinzuzufügen oder zu entfernen , damit die Darstellung des Bildes in einer anderen Größe beibehalten wird .',
      'wenn Sie alle Aufgaben im aktuellen Dokument aktualisieren möchten , wählen Sie im Menü des Aufgabenbedienfelds die Option " Alle Aufgaben aktualisieren . "',
      'klicken Sie auf der Registerkarte " Optionen " auf die Schaltfläche " Benutzerdefiniert " und geben Sie für " Fehlerkorrektur-Level " und " Y / X-Verhältnis " niedrigere Werte ein .',
      'Sie können beispielsweise ein Dokument erstellen , das ein Auto enthalt , das sich über die Bühne bewegt .',
      'wählen Sie im Dialogfeld " Neu aus Vorlage " eine Vorlage aus und klicken Sie auf " Neu . "',
    ],
    0.136, // WMT 2019 dev data
  ],
];

describe('TER (sacreBLEU 2.6.0 test_ter.py)', () => {
  it.each(SACREBLEU_TER_CASES)('corpus %#', (hyps, refs, rate) => {
    expect(Math.abs(new Ter().corpus(hyps, [refs]).score - 100 * rate)).toBeLessThan(1e-3);
  });
});

describe('TER empty references (sacreBLEU keeps them: _cache_references drops only None)', () => {
  it('scores an empty reference, as sacreBLEU does, instead of skipping it', () => {
    // translation_edit_rate(hyp, []) is (len(hyp), 0); the segment takes the fewest edits and the MEAN
    // reference length: 'a' vs ['', 'a b'] is min(1, 1) / ((0 + 2) / 2) = 100, not 1 / 2 = 50.
    expect(new Ter().sentence('a', ['', 'a b'])).toEqual({ score: 100, edits: 1, refLength: 1 });
    expect(new Ter().sentence('a b', ['', 'a b'])).toEqual({ score: 0, edits: 0, refLength: 1 });
    expect(new Ter().sentence('x y', [''])).toEqual({ score: 100, edits: 2, refLength: 0 });
    // None (a missing reference in a stream) is dropped before the mean.
    expect(new Ter().corpus(['a'], [[null], ['a b']])).toEqual({ score: 50, edits: 1, refLength: 2 });
  });
});
