import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin } from 'vite';

/** `@core/…` and `@shared/…`: the domain core and the shared API schemas (the same paths as web/tsconfig.json). */
const webAliases = [
  { find: /^@core\//u, replacement: fileURLToPath(new URL('../src/core/', import.meta.url)) },
  { find: /^@shared\//u, replacement: fileURLToPath(new URL('../src/shared/', import.meta.url)) },
];

/**
 * The page's inline start-up script (src/app/start-inline.ts, bundled on its own, minified): put into index.html
 * after its charset, ahead of the stylesheet and the first module, so the first requests go while they are fetched.
 * It is a classic script, run as the parser meets it; the server allows it by its hash (src/server/app.ts).
 */
function inlineStartScript(): Plugin {
  // built once for a build; on the development server afresh for each page, so that an edit shows on reload
  let code: Promise<string> | null = null;
  let building = false;
  const bundle = async () => {
    const out = await build({
      configFile: false,
      root: import.meta.dirname,
      logLevel: 'silent',
      resolve: { alias: webAliases },
      build: {
        write: false,
        minify: true,
        lib: { entry: 'src/app/start-inline.ts', formats: ['iife'], name: 'cchcStartScript' },
      },
    });
    const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => ('output' in o ? o.output : []));
    const chunk = outputs.find((o) => o.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('the inline start-up script was not built');
    const text = chunk.code.trim();
    if (/<\/script/iu.test(text)) throw new Error('the inline start-up script holds "</script"');
    return text;
  };
  return {
    name: 'cchc-inline-start-script',
    configResolved(config) {
      building = config.command === 'build';
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html) {
        if (!building || !code) code = bundle();
        const charset = '<meta charset="utf-8" />';
        if (!html.includes(charset)) throw new Error('index.html has no charset line to put the start-up script after');
        const script = await code;
        return html.replace(charset, () => `${charset}\n    <script>${script}</script>`);
      },
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), inlineStartScript()],
  resolve: { alias: webAliases },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
