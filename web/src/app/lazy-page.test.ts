import { describe, expect, it, vi } from 'vitest';
import { lazyComponent } from './lazy-page.js';

const Page = () => null;

describe('a page loaded as its own chunk', () => {
  it('loads its code once, however often it is preloaded', async () => {
    const load = vi.fn(async () => Page);
    const lazy = lazyComponent(load, () => null);
    expect(load).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([lazy.preload(), lazy.preload()]);
    expect(await lazy.preload()).toBe(Page);
    expect([a, b]).toEqual([Page, Page]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again after its code could not be loaded (a dropped connection)', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('network')).mockResolvedValueOnce(Page);
    const lazy = lazyComponent(load, () => null);
    await expect(lazy.preload()).rejects.toThrow('network');
    expect(await lazy.preload()).toBe(Page);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
