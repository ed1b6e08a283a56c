/** A row's findings, under its label in a grid: "Lỗi: …" or "Cảnh báo: …", each a note for screen readers. */
import type { Finding } from '@core/checks/finding.js';
import { severityPrefix } from './findings.js';

export function FindingNotes({ findings }: { findings: readonly Finding[] }) {
  return findings.map((f) => (
    <div key={f.rule} className={`finding ${f.severity}`} role="note">
      {severityPrefix(f.severity)}
      {f.message}
    </div>
  ));
}
