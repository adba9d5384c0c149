import { z } from 'zod';

// zod 4 probes whether eval works by calling Function(''), which the dashboard's CSP (script-src 'self')
// blocks and reports as a violation. Its interpreted (jitless) mode parses the same without eval.
// This module must be imported before anything that defines a schema.
z.config({ jitless: true });
