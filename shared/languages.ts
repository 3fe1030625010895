/** Which runtime profiles a file, and its modes: what the extension, the CLI and the profiler agree on. */

/** Whether the profiler hands `file` to Python. */
export const isPythonFile = (file: string): boolean => /\.pyw?$/i.test(file);

/** loky's own modes; any other name is a pickler module (`set_loky_pickler(name)`). */
export const PYTHON_MODES = ['cloudpickle', 'pickle', 'wrapped'] as const;
