/**
 * What a unit cell says about a row's value kind: "%" → percent, "Triệu đồng" → money,
 * "Chưa = 0 Đang làm = 1 Hoàn thành = 2" → a code list. Pure.
 */
import type { CodeOption, MoneyUnit, ValueKind } from './template.js';

const CODE_PAIR = /\s*([^=;,]+?)\s*=\s*(\d+)\s*[;,]?/gu;

/** Parses "Chưa = 0 Đang làm = 1 Hoàn thành = 2" or "Có = 1; Không = 0" into options sorted by code; [] when the cell is no code list. */
export function parseCodeList(unit: string): CodeOption[] {
  const text = unit
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text.includes('=')) return [];
  const options: CodeOption[] = [];
  let consumed = 0;
  for (const match of text.matchAll(CODE_PAIR)) {
    if (match.index !== consumed) return []; // stray text between pairs: not a clean code list
    consumed = match.index + match[0].length;
    options.push({ label: match[1]!.trim(), code: Number(match[2]) });
  }
  if (consumed !== text.length || options.length < 2) return [];
  if (new Set(options.map((o) => o.code)).size !== options.length) return [];
  return options.sort((a, b) => a.code - b.code);
}

export function moneyUnitOf(unit: string): MoneyUnit | null {
  const text = unit.trim().toLowerCase();
  if (/^triệu\s+đồng$/u.test(text)) return 'million-dong';
  if (/^(việt nam\s+)?đồng$/u.test(text) || text === 'vnđ' || text === 'vnd') return 'dong';
  return null;
}

/** The kind a unit cell implies when the template does not say otherwise. */
export function kindFromUnit(unit: string): ValueKind {
  const text = unit
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '%') return { type: 'percent' };
  const codes = parseCodeList(text);
  if (codes.length > 0) return { type: 'coded', codes };
  const money = moneyUnitOf(text);
  if (money) return { type: 'money', unit: money };
  return { type: 'count' };
}
