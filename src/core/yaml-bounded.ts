import { type Document, isAlias, type LineCounter, visit } from 'yaml';
import { RewardError } from './codes.js';

/** Most alias expansions a YAML file may make (the `yaml` package's own bound; a "billion laughs" file needs far more). */
export const MAX_YAML_ALIASES = 100;

/** `doc.toJS()`, with an alias bomb refused as `invalid-spec` at `file:line:col` of the first alias. */
export function boundedToJs(doc: Document, lineCounter: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    if (!/alias/i.test((err as Error).message)) throw err;
    let where = file;
    visit(doc, (_key, node) => {
      if (isAlias(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        where = `${file}:${pos.line}:${pos.col}`;
        return visit.BREAK;
      }
    });
    throw new RewardError(
      'invalid-spec',
      `YAML aliases expand past ${MAX_YAML_ALIASES} copies (a resource-exhaustion "alias bomb"); write the values out instead`,
      { where },
    );
  }
}
