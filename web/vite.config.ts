import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** `@core/…` and `@shared/…`: the domain core and the shared API schemas (the same paths as web/tsconfig.json). */
const webAliases = [
  { find: /^@core\//u, replacement: fileURLToPath(new URL('../src/core/', import.meta.url)) },
  { find: /^@shared\//u, replacement: fileURLToPath(new URL('../src/shared/', import.meta.url)) },
];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { alias: webAliases },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
