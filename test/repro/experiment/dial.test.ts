/**
 * The shuffling dial's settings (repro/src/experiment/dial.ts): the default windows for a
 * batch size, and each window's shuffle mode, label and description, with
 * the errors for bad windows. The dial's runs and report are tested end to
 * end in test/repro/cli/demo.test.ts.
 */
import {defaultDialWindows, dialSettings} from '../../../repro/src/experiment/dial';

describe('defaultDialWindows', () => {
  test.each([
    [256, [64, 1024, 16384, 'full']],
    [128, [32, 512, 8192, 'full']],
    [32, [8, 128, 2048, 'full']],
    // The within-batch window divides the batch: the largest divisor ≤ a quarter of it.
    [100, [25, 400, 6400, 'full']],
    [10, [2, 40, 640, 'full']],
    [7, [1, 28, 448, 'full']],
    [1, [1, 4, 64, 'full']],
  ])('batch %i', (batch, expected) => {
    expect(defaultDialWindows(batch)).toEqual(expected);
    const within = defaultDialWindows(batch)[0] as number;
    expect(batch % within).toBe(0);
  });
});

describe('dialSettings', () => {
  test('shuffle modes, labels and where each window sits against the batch', () => {
    expect(dialSettings([1, 64, 256, 1024, 1000, 'full'], 256)).toEqual([
      {window: 1, shuffle: 'window:1', label: '1', description: 'the shared order itself'},
      {
        window: 64,
        shuffle: 'window:64',
        label: '64',
        description: 'within a batch (4 windows per batch: same batches, own summation order)'
      },
      {
        window: 256,
        shuffle: 'window:256',
        label: '256',
        description: 'one batch (the same batches, own summation order)'
      },
      {window: 1024, shuffle: 'window:1024', label: '1,024', description: '4 batches'},
      {window: 1000, shuffle: 'window:1000', label: '1,000', description: '3.91 batches'},
      {window: null, shuffle: 'example', label: 'full', description: 'every example reshuffled'},
    ]);
  });

  test.each([
    [[0], /a window of the shuffling dial must be an integer ≥ 1 or 'full', but got 0\./],
    [[-4], /but got -4\./],
    [[1.5], /but got 1\.5\./],
    [[NaN], /but got NaN\./],
    [[64, 64], /the shuffling dial lists the window 64 twice\./],
    [['full', 'full'], /the shuffling dial lists the window full twice\./],
  ])('%p is refused', (windows, message) => {
    expect(() => dialSettings(windows as (number | 'full')[], 256)).toThrow(message);
  });
});
