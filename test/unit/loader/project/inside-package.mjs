export function f(x) {
  return x;
}

const hidden = 'inside the package';
