export function f(x) {
  return x;
}

const hidden = 'inside the package'; // eslint-disable-line @typescript-eslint/no-unused-vars -- tests read it
