/** Paths of every labeled corpus file there is, from the project root `root`, in the order the eval reads them. */
export function corpusFiles(root: string): string[];
