import { resolve } from 'node:path';
import { DemoOptionsError } from '../shared/demo/generator/index';
import { DEMO_FILES } from '../shared/demo/manifest';
import { DEMO_DATA_USAGE, parseDemoDataArgs, UsageError } from './lib/args';
import { writeDemoData, type WriteDemoDataOptions } from './lib/writeDemoData';

/** `npm run demo-data`: writes a deterministic fictional county's published files into a folder. */
async function main(options: WriteDemoDataOptions): Promise<void> {
  const started = performance.now();
  const outDir = resolve(process.cwd(), options.outDir);
  const showProgress = process.stderr.isTTY === true;
  const manifest = await writeDemoData({
    ...options,
    outDir,
    onProgress: showProgress ? (rows) => process.stderr.write(`\r${rows.toLocaleString('en-US')} rows…`) : undefined,
  });
  if (showProgress) process.stderr.write('\r\x1b[K');
  const seconds = (performance.now() - started) / 1000;
  const perHouseholdYear = manifest.counts.disbursements / (manifest.households * manifest.years);
  const scope = manifest.station.villageCode ? `village ${manifest.station.villageCode}` : `township ${manifest.station.townshipCode}`;
  console.log(
    [
      `demo-data: wrote ${Object.keys(DEMO_FILES).length + 1} files (with the demo agents) to ${outDir} in ${seconds.toFixed(1)} s`,
      `  ${manifest.counts.disbursements.toLocaleString('en-US')} disbursement rows ` +
        `(${manifest.households} households, ${manifest.firstYear}–${manifest.lastYear}, ${perHouseholdYear.toFixed(2)} rows per household per year)`,
      `  ${manifest.counts.programs} programs, ${manifest.counts.projects} projects, ${manifest.counts.notices} notices, ` +
        `${manifest.counts.serviceItems} service items, ${manifest.counts.holidays} holidays; station: ${scope}; data as of ${manifest.dataAsOf}`,
    ].join('\n'),
  );
}

let options: WriteDemoDataOptions;
try {
  options = parseDemoDataArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`demo-data: ${error.message}\n${DEMO_DATA_USAGE}`);
  process.exit(2);
}

main(options).catch((error: unknown) => {
  if (error instanceof DemoOptionsError) {
    console.error(`demo-data: ${error.message}\n${DEMO_DATA_USAGE}`);
    process.exit(2);
  }
  console.error('demo-data:', error instanceof Error ? error.message : error);
  process.exit(1);
});
