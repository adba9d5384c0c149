export { CHROMIUM_ARGS, CHROMIUM_PATH, launchBrowser, useBrowser } from './browser';
export { KIOSK_CONTEXT_OPTIONS, KIOSK_VIEWPORT, kioskUrl, openKiosk, pageProblems, type PageProblems } from './kiosk';
export { artifactName, saveScreenshot } from './screenshots';
export { AXE_TAGS, expectNoAxeViolations, formatViolations, runAxe, type AxeViolationSummary } from './axe';
export {
  e2eDemoDir,
  readDemoCounty,
  readDemoDisbursements,
  readDemoManifest,
  readDemoPrograms,
  readStationDisbursements,
  type DemoDisbursement,
  type PublicNoticeColumn,
} from './demoData';
export { E2E_DEMO } from './demoSettings';
