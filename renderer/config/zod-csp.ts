/**
 * The hosts' CSP has no 'unsafe-eval'. Zod 4 probes for eval (new Function) to compile fast
 * parsers; jitless mode skips the probe so no CSP violation is reported. Imported first.
 */
import { z } from 'zod';

z.config({ jitless: true });
