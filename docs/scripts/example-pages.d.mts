export function rewriteExampleLinks(
  markdown: string,
  options: {
    name: string;
    examples: string[];
    packages: string[];
    exampleDir: string;
    warn: (message: string) => void;
  },
): string;
