/**
 * `npm run bench:docx`: the time to render one agency's official DOCX and the province's consolidated DOCX (median of
 * several warm runs), against a reference measured in the same run: a one-paragraph DOCX from the same library.
 * Last line: one JSON object. Targets: 200 ms for an agency, 1 s for the province.
 */
import { Document, Packer, Paragraph } from 'docx';
import { performance } from 'node:perf_hooks';
import { exampleAgencyDocument } from '../src/test-support/docx-examples.js';
import { renderDocx } from '../src/documents/docx/official-docx.js';
import { exampleProvinceDocument } from '../src/test-support/xlsx-examples.js';

const RUNS = 9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2; i++) await run(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const agency = exampleAgencyDocument('quang-tri-forms-2022');
const province = exampleProvinceDocument('quang-tri-forms-2022', 100);
const agencyMs = await time(() => renderDocx(agency));
const provinceMs = await time(() => renderDocx(province));
const referenceMs = await time(() => Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Báo cáo')] }] })));

const result = {
  agencyDocxMs: Number(agencyMs.toFixed(1)),
  provinceDocxMs: Number(provinceMs.toFixed(1)),
  provinceAgencies: 100,
  referenceOneParagraphMs: Number(referenceMs.toFixed(1)),
  agencyToReference: Number((agencyMs / referenceMs).toFixed(2)),
  provinceToReference: Number((provinceMs / referenceMs).toFixed(2)),
  targets: { agencyMs: 200, provinceMs: 1000 },
  meetsTargets: agencyMs < 200 && provinceMs < 1000,
};
console.log(`one agency's DOCX: ${result.agencyDocxMs} ms; the province's: ${result.provinceDocxMs} ms; one-paragraph reference: ${result.referenceOneParagraphMs} ms`);
console.log(JSON.stringify(result));
