import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // One shared chunk holds the engine in both formats, so `@tsgrad/tensor/testing` and
  // `@tsgrad/tensor` see the same backend registry (tsup splits only ESM by default).
  splitting: true,
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
});
