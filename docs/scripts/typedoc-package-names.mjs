// TypeDoc plugin: with one program over every package's sources, TypeDoc names each entry
// module by its path ("tensor/src", "tensor/src/testing"). Name it by the package instead
// ("@tsgrad/tensor", "@tsgrad/tensor/testing"), as users import it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter, ReflectionKind } from 'typedoc';

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages');

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const m = /(?:^|\/)([\w-]+)\/src(?:\/(.+))?$/.exec(mod.name);
      if (!m) continue;
      const { name } = JSON.parse(readFileSync(join(packagesDir, m[1], 'package.json'), 'utf8'));
      mod.name = m[2] ? `${name}/${m[2]}` : name;
    }
  });
}
