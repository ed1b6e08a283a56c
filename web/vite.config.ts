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

/**
 * The screen's font (Noto Sans: its Vietnamese, Latin and Latin Extended parts, upright) asked for by the page's head,
 * not once the stylesheet has been read and a first layout has found letters that need it: a report's page comes with
 * its 200 rows (src/server/web-page.ts), and a font arriving after their first layout lays them all out again.
 */
function preloadFonts(): Plugin {
  const WANTED = /^assets\/noto-sans-(?:vietnamese|latin|latin-ext)-wght-normal-[\w-]+\.woff2$/u;
  return {
    name: 'cchc-preload-fonts',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const fonts = Object.keys(ctx.bundle).filter((name) => WANTED.test(name));
        if (fonts.length !== 3) throw new Error(`expected the font's three parts in the bundle, found ${fonts.join(', ') || 'none'}`);
        const links = fonts.map((name) => `<link rel="preload" href="/${name}" as="font" type="font/woff2" crossorigin>`).join('\n    ');
        return html.replace('</title>', () => `</title>\n    ${links}`);
      },
    },
  };
}

/**
 * The screen's font shown only when it is there for the first layout (`font-display: optional`, for the package's
 * `swap`): a report's page comes with its 200 rows, and a font swapped in after their first layout lays them all out
 * again (~50 ms on a slow machine). Preloaded by the page's head (preloadFonts), it is there: a preloaded optional font
 * holds the first paint a moment for it. When it is not (a first visit over a slow line), the page stays in the
 * fallback faces of --cchc-font (Segoe UI, Arial: Vietnamese too) until the next page, which has it from the cache.
 */
function fontDisplayOptional(): Plugin {
  return {
    name: 'cchc-font-display-optional',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource-variable[\\/]noto-sans[\\/]index\.css$/u.test(id)) return null;
      if (!code.includes('font-display: swap')) throw new Error('the font package no longer says font-display: swap');
      return code.replaceAll('font-display: swap', 'font-display: optional');
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), inlineStartScript(), preloadFonts(), fontDisplayOptional()],
  resolve: { alias: webAliases },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
