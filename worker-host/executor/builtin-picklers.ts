/**
 * Registers the built-in picklers (by-value, by-reference, wrapped, json, structured-clone) in this process or
 * thread.
 */
import '../picklers/index';
