import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildRenderer } from './lib/buildRenderer';
import { startPreviewServer } from './lib/previewServer';
import { parsePreviewWebArgs, PREVIEW_WEB_USAGE, UsageError, type PreviewWebArgs } from './lib/previewWebArgs';
import { writeDemoData } from './lib/writeDemoData';

/** `npm run preview:web`: the built kiosk in web mode with demo data, on 127.0.0.1. */
const repoRoot = resolve(__dirname, '..');
const DEMO_YEARS = 10;
const DEMO_SEED = 2016;

async function main(args: PreviewWebArgs): Promise<void> {
  const rendererDir = resolve(repoRoot, 'dist', 'renderer');
  const demoDir = resolve(process.cwd(), args.demoDir);

  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    console.log('No renderer build found; running vite build…');
    await buildRenderer({ repoRoot });
  }
  if (!existsSync(resolve(demoDir, 'manifest.json'))) {
    console.log(`No demo data in ${demoDir}; generating ${args.households} households over ${DEMO_YEARS} years…`);
    await writeDemoData({ households: args.households, years: DEMO_YEARS, seed: DEMO_SEED, outDir: demoDir });
  }

  const server = await startPreviewServer({ port: args.port, rendererDir, demoDir });
  console.log(`Kiosk (web mode) at ${server.url}`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`preview:web: error while closing after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

let args: PreviewWebArgs;
try {
  args = parsePreviewWebArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`preview:web: ${error.message}\n${PREVIEW_WEB_USAGE}`);
  process.exit(2);
}

main(args).catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') console.error(`preview:web: port ${args.port} is already in use; pick another with --port`);
  else console.error('preview:web:', error instanceof Error ? error.message : error);
  process.exit(1);
});
