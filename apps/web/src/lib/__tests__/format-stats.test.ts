import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpu } from '../format-stats';

describe('formatCpu and formatBytes', () => {
  it.each([
    [0, '0.0%'],
    [12.345, '12.3%'],
    [250.4, '250%'],
  ])('CPU %d is %s', (value, expected) => expect(formatCpu(value)).toBe(expected));

  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [524_288, '512 KB'],
    [47_395_635, '45.2 MB'],
    [1.5 * 1024 ** 3, '1.50 GB'],
  ])('%d bytes are %s', (value, expected) => expect(formatBytes(value)).toBe(expected));
});
