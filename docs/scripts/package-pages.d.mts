export function rewriteLinks(
  markdown: string,
  options: { folders: string[]; examplePages: string[]; warn: (message: string) => void },
): string;
