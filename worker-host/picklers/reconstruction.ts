/**
 * Built-in classes whose state lives in private fields, which no property walk can read: such an instance
 * travels as its class (by reference) and what constructs it again, as pickle's `__reduce__` has it.
 * Only the exact classes: a subclass may hold state of its own.
 */
export function reconstruction(value: object): { cls: Function; args: string[] } | undefined {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === URL.prototype) return { cls: URL, args: [(value as URL).href] };
  if (proto === URLSearchParams.prototype) return { cls: URLSearchParams, args: [String(value)] };
  return undefined;
}
