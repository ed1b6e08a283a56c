/** Where a CLI command writes: injected so commands are testable in-process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  errRaw(text: string): void;
  errIsTTY: boolean;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  errRaw: (text) => process.stderr.write(text),
  errIsTTY: Boolean(process.stderr.isTTY),
};
