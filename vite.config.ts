import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { informantPrecache, precompress } from './build/vite-plugins';

const precache = informantPrecache();

/** The Vite mode the browser tests build the client in (tests/support/client-build.ts). */
export const TEST_BUILD_MODE = 'e2e';

// The web app: the informant screens, with the staff screens as lazily loaded chunks.
// index.html sits at the repository root; the production server serves dist/ and
// falls back to index.html for app routes such as /enrol/<code>.
export default defineConfig(({ mode }) => ({
  // Test hooks (the service worker's 'test:notificationclick' message) are compiled in
  // only when the browser tests build the client with mode TEST_BUILD_MODE; a production
  // build drops them as dead code. vite-plugin-pwa passes `define` on to the sw.js build.
  define: { __TEST_HOOKS__: JSON.stringify(mode === TEST_BUILD_MODE) },
  plugins: [
    solid(),
    precache.plugin,
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'client/sw',
      filename: 'sw.ts',
      // Registered from client/main.tsx via virtual:pwa-register (workbox-window) so the
      // app can show its own update prompt; the SW never skips waiting by itself.
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        // Phones precache the informant app only; staff chunks load on demand.
        manifestTransforms: [precache.manifestTransform],
      },
      includeAssets: ['favicon-32.png', 'apple-touch-icon.png'],
      // The install icons (192/512 px) are fetched by the browser when it installs the
      // app, online; precaching them would put ~9 KB more on every phone's first visit.
      includeManifestIcons: false,
      manifest: {
        name: 'Lägesbild – EST',
        short_name: 'Lägesbild',
        description: 'Veckorapport för Effektiv Samordning för Trygghet (EST).',
        lang: 'sv',
        dir: 'ltr',
        theme_color: '#0b4f6c',
        background_color: '#f6f7f8',
        display: 'standalone',
        orientation: 'portrait',
        start_url: '/',
        scope: '/',
        id: '/',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
    // Last: compresses what the build and the service worker step wrote.
    precompress(),
  ],
  build: {
    outDir: 'dist',
    target: 'es2022',
    // Browsers that run this app support modulepreload; the polyfill would only cost bytes.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
    },
  },
}));
