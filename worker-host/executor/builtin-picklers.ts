/**
 * Registers the built-in picklers (by-value, by-reference, …) in this process or thread.
 * Until the pickler modes exist this registers nothing; custom pickler modules work either way.
 */
export {};
