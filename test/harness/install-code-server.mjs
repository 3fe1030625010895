// `node test/harness/install-code-server.mjs`: installs the cached code-server now (the runners do it on demand).
import { ensureCodeServer } from './lib/install-code-server.mjs';

ensureCodeServer().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
