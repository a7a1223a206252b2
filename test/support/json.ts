/**
 * JSON that tests read from disk, then inspect or corrupt on purpose: a saved model.json whose shapes, dtypes and
 * inbound nodes a test replaces with values of the wrong type, a package.json, the object a child script printed.
 * Writing a wrong type at any depth is what those tests check the loaders refuse, so the type must not constrain it;
 * the loaders themselves take `unknown` and check every value.
 */
import * as fs from 'fs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests write values of every type at every key (above)
export type EditableJSON = any;

/** Parses a JSON file. */
export function readJsonFile(file: string): EditableJSON {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
