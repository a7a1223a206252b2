/**
 * The output-folder rule (repro/src/util/output_folder.ts) on folders written for
 * each case: a writer accepts only a missing, empty or earlier-report folder;
 * refuses anything else in one bounded line naming the folder and a few of its
 * files, with nothing written or deleted (the whole tree is snapshotted before
 * and after); replaces exactly the files an earlier report wrote; and leaves
 * the previous report whole when the commit fails half-way. SHA-256 digests are
 * recomputed here with `crypto` from the bytes on disk.
 */
import {execFileSync} from 'child_process';
import {createHash} from 'crypto';
import * as fs from 'fs';
import nodeFs = require('fs');
import * as os from 'os';
import * as path from 'path';
// The fs module object itself (the `import * as` namespace is frozen): faults are injected into it.

import {
  inspectOutputFolder,
  OutputFolderError,
  REPORT_MANIFEST,
  writeOutputFiles
} from '../../../repro/src/util/output_folder';

const WRITER = {
  writtenBy: 'output_folder.test'
};
let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-outdir-'));
});

afterEach(() => {
  fs.rmSync(root, {recursive: true, force: true});
});

/** Every path under `dir` with its kind and bytes (files), modes and mtimes: what "nothing changed" compares. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      const key = path.relative(dir, p);
      if (st.isDirectory()) {
        out[key] = `dir ${st.mode}`;
        walk(p);
      } else {
        out[key] =
            `${st.isSymbolicLink() ? `link ${fs.readlinkSync(p)}` : `file ${fs.readFileSync(p).toString('base64')}`} ${
                st.mode} ${st.mtimeMs}`;
      }
    }
  };
  walk(dir);
  return out;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A folder laid out as `files` (name → content; a name ending in / is a folder). */
function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, {recursive: true});
  for (const [f, content] of Object.entries(files)) {
    if (f.endsWith('/')) {
      fs.mkdirSync(path.join(dir, f), {recursive: true});
    } else {
      fs.mkdirSync(path.dirname(path.join(dir, f)), {recursive: true});
      fs.writeFileSync(path.join(dir, f), content);
    }
  }
  return dir;
}

const REPORT = {
  'results.json': '{"a": 1}\n',
  'table.md': '| a |\n',
  'plot.svg': '<svg/>'
};
const NEXT = {
  'results.json': '{"a": 2}\n',
  'table.md': '| b |\n',
  'plot.svg': '<svg id="2"/>'
};

/** Expects writeOutputFiles to refuse `dir` with `message`, one line, changing nothing. */
function expectRefused(dir: string, message: RegExp): string {
  const before = snapshot(root);
  let error: unknown;
  try {
    writeOutputFiles(dir, NEXT, WRITER);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(OutputFolderError);
  const text = (error as Error).message;
  expect(text).toMatch(message);
  expect(text).not.toContain('\n');
  expect(text.length).toBeLessThanOrEqual(400);
  expect(snapshot(root)).toEqual(before);
  return text;
}

describe('accepted folders', () => {
  test('a missing folder (with missing parents) gets the files and a manifest with their sizes and SHA-256', () => {
    const dir = path.join(root, 'a', 'b', 'report');
    expect(inspectOutputFolder(dir, Object.keys(REPORT)).kind).toBe('missing');
    expect(fs.existsSync(path.join(root, 'a'))).toBe(false);  // inspecting writes nothing
    expect(writeOutputFiles(dir, REPORT, WRITER)).toBe(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['plot.svg', 'results.json', 'table.md', REPORT_MANIFEST]);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, REPORT_MANIFEST), 'utf8'));
    expect(manifest).toMatchObject(
        {format: 'tfjs-smelu-repro report manifest', version: 1, writtenBy: 'output_folder.test'});
    expect(manifest.files)
        .toEqual(Object.entries(REPORT).map(
            ([name, text]) => ({name, bytes: Buffer.byteLength(text), sha256: sha256(path.join(dir, name))})));
    expect(manifest.files[0].sha256).toBe(createHash('sha256').update('{"a": 1}\n').digest('hex'));
    for (const [name, text] of Object.entries(REPORT)) expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(text);
    expect(fs.readdirSync(path.join(root, 'a', 'b'))).toEqual(['report']);  // no temporary file or folder beside it
  });

  test('an empty folder', () => {
    const dir = folder('empty', {});
    expect(inspectOutputFolder(dir, Object.keys(REPORT)).kind).toBe('empty');
    writeOutputFiles(dir, REPORT, WRITER);
    expect(fs.readdirSync(dir).sort()).toEqual(['plot.svg', 'results.json', 'table.md', REPORT_MANIFEST]);
  });

  test(
      'an earlier report with the user\'s own files: the report\'s files are replaced, the user\'s stay byte for byte',
      () => {
        const dir = path.join(root, 'report');
        writeOutputFiles(dir, REPORT, WRITER);
        fs.writeFileSync(path.join(dir, 'notes.txt'), 'my notes');
        fs.mkdirSync(path.join(dir, 'figures'));
        fs.writeFileSync(path.join(dir, 'figures', 'edited.svg'), '<svg>mine</svg>');
        const notesStat = fs.statSync(path.join(dir, 'notes.txt'));
        const state = inspectOutputFolder(dir, Object.keys(NEXT));
        expect(state.kind).toBe('report');
        expect(state.previous.map((e) => e.name)).toEqual(Object.keys(REPORT));
        writeOutputFiles(dir, NEXT, WRITER);
        expect(fs.readdirSync(dir).sort()).toEqual([
          'figures', 'notes.txt', 'plot.svg', 'results.json', 'table.md', REPORT_MANIFEST
        ]);
        for (const [name, text] of Object.entries(NEXT))
          expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(text);
        expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('my notes');
        expect(fs.statSync(path.join(dir, 'notes.txt')).mtimeMs).toBe(notesStat.mtimeMs);
        expect(fs.readFileSync(path.join(dir, 'figures', 'edited.svg'), 'utf8')).toBe('<svg>mine</svg>');
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, REPORT_MANIFEST), 'utf8'));
        expect(manifest.files.map((f: {name: string}) => f.name))
            .toEqual(Object.keys(NEXT));  // the user's files are not listed
      });

  test('an earlier report of which the user deleted a file: the rest is replaced', () => {
    const dir = path.join(root, 'report');
    writeOutputFiles(dir, REPORT, WRITER);
    fs.rmSync(path.join(dir, 'table.md'));
    writeOutputFiles(dir, NEXT, WRITER);
    for (const [name, text] of Object.entries(NEXT)) expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(text);
  });
});

describe('a report of another kind over an earlier one (fewer or other files)', () => {
  // The names a report of this writer's kind may write: the earlier report had an extra plot, the new one does not.
  const KIND = [...Object.keys(REPORT), 'extra.svg', 'other.svg'];
  const EARLIER = {...REPORT, 'extra.svg': '<svg id="extra"/>'};

  test('the earlier report\'s files the new one does not write go too; the user\'s files stay', () => {
    const dir = path.join(root, 'report');
    writeOutputFiles(dir, EARLIER, {...WRITER, replaces: KIND});
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'my notes');
    const state = inspectOutputFolder(dir, Object.keys(NEXT), undefined, KIND);
    expect(state.previous.map((e) => e.name)).toEqual(Object.keys(EARLIER));
    writeOutputFiles(dir, NEXT, {...WRITER, replaces: KIND});
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', 'plot.svg', 'results.json', 'table.md', REPORT_MANIFEST]);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('my notes');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, REPORT_MANIFEST), 'utf8'));
    expect(manifest.files.map((f: {name: string}) => f.name)).toEqual(Object.keys(NEXT));
    // And back: the extra plot is written again, under a manifest that lists it.
    writeOutputFiles(dir, EARLIER, {...WRITER, replaces: KIND});
    expect(fs.readdirSync(dir).sort()).toEqual([
      'extra.svg', 'notes.txt', 'plot.svg', 'results.json', 'table.md', REPORT_MANIFEST
    ]);
  });

  test('an earlier file the user edited since is refused, naming it; nothing is written or deleted', () => {
    const dir = path.join(root, 'report');
    writeOutputFiles(dir, EARLIER, {...WRITER, replaces: KIND});
    fs.writeFileSync(path.join(dir, 'extra.svg'), '<svg>my edit</svg>');
    const before = snapshot(root);
    expect(() => writeOutputFiles(dir, NEXT, {...WRITER, replaces: KIND}))
        .toThrow(/holds an earlier report whose extra\.svg changed since tfjs-smelu-repro wrote it/);
    expect(snapshot(root)).toEqual(before);
  });

  test('without `replaces`, a listed file the new report does not write is left alone (and no longer listed)', () => {
    const dir = path.join(root, 'report');
    writeOutputFiles(dir, EARLIER, WRITER);
    writeOutputFiles(dir, NEXT, WRITER);
    expect(fs.readFileSync(path.join(dir, 'extra.svg'), 'utf8')).toBe('<svg id="extra"/>');
  });

  test('a name outside the writer\'s kind is never removed, even when a manifest lists it with its true hash', () => {
    const dir = folder('forged', {'notes.txt': 'precious'});
    fs.writeFileSync(path.join(dir, REPORT_MANIFEST), JSON.stringify({
      format: 'tfjs-smelu-repro report manifest',
      version: 1,
      files: [{name: 'notes.txt', bytes: 8, sha256: sha256(path.join(dir, 'notes.txt'))}]
    }));
    writeOutputFiles(dir, REPORT, {...WRITER, replaces: KIND});
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('precious');
  });

  test('a commit that fails half-way puts the files the new report does not write back too', () => {
    const dir = path.join(root, 'report');
    writeOutputFiles(dir, EARLIER, {...WRITER, replaces: KIND});
    const before = snapshot(root);
    const realRename = fs.renameSync;
    let calls = 0;
    // The 7th rename: the 5 earlier files (4 + manifest) are aside and 1 new file is in place.
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (++calls === 7) throw Object.assign(new Error('EIO: i/o error, rename'), {code: 'EIO'});
      realRename(from, to);
    });
    try {
      expect(() => writeOutputFiles(dir, NEXT, {...WRITER, replaces: KIND})).toThrow(/EIO/);
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBeGreaterThan(7);  // the undo renamed the earlier files back, extra.svg included
    expect(snapshot(root)).toEqual(before);
  });
});

describe('refused folders: one line naming the folder and a few of its files; nothing written or deleted', () => {
  test('the current folder of a project (notes and a sub-folder)', () => {
    const dir = folder('project', {'notes.txt': 'x', 'src/': '', 'src/main.js': 'y'});
    expectRefused(
        dir,
        new RegExp(
            `^output folder '${dir}' is not empty and holds no report of tfjs-smelu-repro \\(notes\\.txt, src/\\); ` +
            'nothing was written or deleted: choose a new or empty folder, or one that holds an earlier report\\.$'));
  });

  test('a home folder: hidden files count, the list stops after three and says how many more', () => {
    const dir = folder('home', {'.bashrc': 'x', '.cache/': '', '.ssh/': '', 'Documents/': '', 'todo.txt': 'y'});
    expectRefused(dir, /\(\.bashrc, \.cache\/, \.ssh\/ and 2 more\)/);
  });

  test('a model\'s folder (model.json and weights.bin)', () => {
    const dir = folder('my-model', {'model.json': '{}', 'weights.bin': 'abc'});
    expectRefused(dir, /holds no report of tfjs-smelu-repro \(model\.json, weights\.bin\)/);
  });

  test('a data folder (the training CSV)', () => {
    const dir = folder('data', {'train.csv': 'a,b\n1,2\n'});
    expectRefused(dir, /\(train\.csv\)/);
  });

  test('a path that is a file, or below a file', () => {
    const file = path.join(folder('f', {'a-file': 'x'}), 'a-file');
    expectRefused(file, /^output folder '.*a-file' exists and is not a folder\.$/);
    expectRefused(
        path.join(file, 'out'), /^output folder '.*a-file\/out' cannot be created: .*a-file is not a folder\.$/);
  });

  test('an earlier report with a file the user edited (its SHA-256 differs) is refused, naming the file', () => {
    const dir = path.join(root, 'report');
    writeOutputFiles(dir, REPORT, WRITER);
    fs.appendFileSync(path.join(dir, 'table.md'), 'my conclusion\n');
    expectRefused(
        dir,
        /holds an earlier report whose table\.md changed since tfjs-smelu-repro wrote it \(the SHA-256 in tfjs-smelu-repro-manifest\.json differs\); nothing was written or deleted: move it away, or choose another folder\.$/);
  });

  test('an earlier report where a listed file became a symlink or a folder counts as changed', () => {
    const dir = path.join(root, 'report');
    writeOutputFiles(dir, REPORT, WRITER);
    const target = folder('elsewhere', {'x.json': '{"a": 1}\n'});
    fs.rmSync(path.join(dir, 'results.json'));
    fs.symlinkSync(path.join(target, 'x.json'), path.join(dir, 'results.json'));  // same bytes, through a link
    fs.rmSync(path.join(dir, 'plot.svg'));
    fs.mkdirSync(path.join(dir, 'plot.svg'));
    expectRefused(dir, /whose plot\.svg\/, results\.json changed/);
  });

  test('an earlier report next to a file it did not write under a name the new report writes', () => {
    const dir = path.join(root, 'report');
    writeOutputFiles(dir, {'results.json': '{}'}, WRITER);
    fs.writeFileSync(path.join(dir, 'table.md'), 'mine');
    expectRefused(
        dir, /holds an earlier report, and also table\.md, which it did not write; nothing was written or deleted/);
  });

  test('a manifest that is not one, or that lists a path, is not trusted', () => {
    const dir = folder('fake', {[REPORT_MANIFEST]: 'not json', 'results.json': 'x'});
    expectRefused(dir, /holds a tfjs-smelu-repro-manifest\.json that is not a report manifest of tfjs-smelu-repro/);
    const outside = folder('victim', {'keep.txt': 'precious'});
    const listing = {
      format: 'tfjs-smelu-repro report manifest',
      version: 1,
      files: [{name: '../victim/keep.txt', bytes: 8, sha256: sha256(path.join(outside, 'keep.txt'))}]
    };
    fs.writeFileSync(path.join(dir, REPORT_MANIFEST), JSON.stringify(listing));
    expectRefused(dir, /is not a report manifest/);
  });

  test('a manifest listing the user\'s own file (with its true hash) does not make it replaceable', () => {
    const dir = folder('forged', {'notes.txt': 'precious'});
    fs.writeFileSync(path.join(dir, REPORT_MANIFEST), JSON.stringify({
      format: 'tfjs-smelu-repro report manifest',
      version: 1,
      files: [{name: 'notes.txt', bytes: 8, sha256: sha256(path.join(dir, 'notes.txt'))}]
    }));
    writeOutputFiles(dir, REPORT, WRITER);  // only the names this report writes are ever replaced
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('precious');
  });

  test('a folder of 5,000 files with long names: the line stays short', () => {
    const dir = folder('many', {});
    for (let i = 0; i < 5000; i++) fs.writeFileSync(path.join(dir, `${'x'.repeat(200)}-${i}.csv`), '');
    const text = expectRefused(dir, /and 4997 more\)/);
    expect(text.length).toBeLessThan(400);
  });

  test('a folder that cannot be written (chattr +i: root ignores modes)', () => {
    const dir = folder('locked', {});
    execFileSync('chattr', ['+i', dir]);
    try {
      expectRefused(dir, /^output folder '.*locked' cannot be written: .*locked is not writable \(EPERM\)\.$/);
      expectRefused(path.join(dir, 'sub'), /cannot be created: .*locked is not writable \(EPERM\)\.$/);
    } finally {
      execFileSync('chattr', ['-i', dir]);
    }
  });
});

describe('a commit that fails half-way', () => {
  test('leaves the previous report whole, and no temporary or backup file', () => {
    const dir = path.join(root, 'report');
    writeOutputFiles(dir, REPORT, WRITER);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const before = snapshot(root);
    const realRename = fs.renameSync;
    let calls = 0;
    // The 6th rename: the 4 earlier files (3 + manifest) are aside and 1 new file is in place.
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (++calls === 6) throw Object.assign(new Error('EIO: i/o error, rename'), {code: 'EIO'});
      realRename(from, to);
    });
    try {
      expect(() => writeOutputFiles(dir, NEXT, WRITER)).toThrow(/EIO/);
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBeGreaterThan(6);  // the undo renamed the earlier files back
    expect(snapshot(root)).toEqual(before);
  });

  test('into a new folder: no folder is left', () => {
    const dir = path.join(root, 'new', 'report');
    const spy = jest.spyOn(nodeFs, 'fsyncSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, fsync'), {code: 'ENOSPC'});
    });
    try {
      expect(() => writeOutputFiles(dir, REPORT, WRITER)).toThrow(/ENOSPC/);
    } finally {
      spy.mockRestore();
    }
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
