/** Whether the profiler hands `file` to Python (the extension, the CLI and the profiler agree through this). */
export const isPythonFile = (file: string): boolean => /\.pyw?$/i.test(file);
