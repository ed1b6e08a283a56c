import { describe, expect, it } from 'vitest';
import { getTemplate } from '../../templates/template-loader.js';
import { values } from '../../test-support/template-factory.js';
import { translateValues, valuesByIndicator } from './translate.js';

describe('translating values between template versions', () => {
  const sevenSection = getTemplate('ninh-thuan-7s-2022');
  const forms = getTemplate('quang-tri-forms-2022');

  it('carries values through canonical indicators across families', () => {
    const source = values({ '3.1.1': 1, '3.1.2': 5, '3.1.3': 53, '3.1.3/cap-tinh': 53, '4.2.1': 33, '1.5': 0 });
    const { values: moved, dropped } = translateValues(sevenSection, forms, source);
    expect(moved.get('3/1.2')?.value).toBe(1); // procedures.new
    expect(moved.get('3/1.3')?.value).toBe(5); // procedures.abolished
    expect(moved.get('3/1.4')?.value).toBe(53); // procedures.in-force
    expect(moved.get('3/1.4.1')?.value).toBe(53); // procedures.in-force-province
    expect(moved.get('4/2.1')?.value).toBe(33); // organisation.staff.quota
    expect(moved.get('1/7')?.value).toBe(0); // direction.dialogue-held
    expect(dropped).toEqual([]);
    expect(valuesByIndicator(forms, moved).get('procedures.in-force')).toBe(53);
  });

  it('lists what has no place in the target instead of losing it silently', () => {
    const { dropped } = translateValues(forms, sevenSection, values({ '3/2.3': 2, '1/5.4': 0, '3/1.2': '/' }));
    expect(dropped.sort()).toEqual(['1/5.4', '3/2.3']);
  });

  it('keeps a report on its own version as it is', () => {
    const source = values({ '3.1.3': 53 });
    expect(translateValues(sevenSection, sevenSection, source).values).toBe(source);
  });
});
