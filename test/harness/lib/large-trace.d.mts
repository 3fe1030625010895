/** A report of `sites` send sites over ten files in `dir`, `messages` messages in all; its path. */
export function writeLargeTrace(dir: string, sites: number, messages: number): string;
