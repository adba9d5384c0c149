import { z } from 'zod';

/**
 * The kiosk's packaging rules, as a schema over build/electron-builder.config.cjs. electron-builder
 * validates its own option types (validateConfiguration); this checks the decisions made for the
 * stations: what ships, which installers, and that the fuse hook is wired. A config edit that
 * breaks a rule fails test/unit/build/builderConfig.test.ts with the rule's message.
 */

/** The county server's packages: they live in the server workspace and must never reach a kiosk. */
export const SERVER_ONLY_PACKAGES = ['better-sqlite3', 'pg', 'fastify', 'kysely'] as const;

/** Everything is excluded first, so each later pattern is an explicit allow-list entry. */
export const SHIPPED_FILE_PATTERNS = ['!**/*', 'dist/electron/**/*', 'dist/renderer/**/*', 'package.json'] as const;

/** Where the deb puts the Linux start-at-login pieces (sources in build/linux/). */
export const LINUX_AUTOSTART_FILES = [
  '/usr/lib/systemd/user/village-kiosk.service',
  '/usr/lib/village-kiosk/start-at-login.sh',
  '/etc/xdg/autostart/village-kiosk.desktop',
] as const;

/** What the deb installs so a kiosk can install its own update from the county (pkexec + polkit). */
export const LINUX_UPDATE_FILES = ['/usr/lib/village-kiosk/install-update', '/usr/share/polkit-1/actions/org.village-kiosk.install-update.policy'] as const;

const bothArches = z
  .array(z.enum(['x64', 'arm64']))
  .refine((arches) => arches.length === 2 && new Set(arches).size === 2, 'Linux packages are built for both x64 and arm64');

export const kioskBuilderPolicySchema = z.object({
  appId: z.string().regex(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*)+$/, 'appId is a reverse-DNS id'),
  productName: z.literal('村务公开自助终端'),
  // Old Windows download tools and some USB-stick file systems mangle non-ASCII file names.
  artifactName: z
    .string()
    .regex(/^[\x20-\x7e]+$/, 'artifact names stay ASCII')
    .refine((name) => name.includes('${arch}'), 'artifact names carry the architecture (x64 and arm64 land in one folder)'),
  executableName: z.string().regex(/^[a-z0-9-]+$/, 'the executable name is plain lower-case ASCII'),
  files: z
    .array(z.string())
    .refine(
      (patterns) => patterns.length === SHIPPED_FILE_PATTERNS.length && patterns.every((pattern, i) => pattern === SHIPPED_FILE_PATTERNS[i]),
      `files is exactly the allow-list ${SHIPPED_FILE_PATTERNS.join(', ')}`,
    ),
  asar: z.literal(true, { message: 'the app ships as an asar archive (OnlyLoadAppFromAsar needs it)' }),
  // Anything here would ship outside the archive and outside its integrity check.
  extraResources: z.undefined({ message: 'no extraResources: everything ships inside app.asar' }).optional(),
  extraFiles: z.undefined({ message: 'no extraFiles: everything ships inside app.asar' }).optional(),
  asarUnpack: z.undefined({ message: 'no asarUnpack: nothing native needs unpacking' }).optional(),
  disableAsarIntegrity: z.literal(false, { message: 'asar integrity stays on' }).optional(),
  // Fuses are flipped and verified by the afterPack hook; electron-builder's own electronFuses would flip them a second time.
  electronFuses: z.undefined({ message: 'fuses are set by build/afterPack.cjs only' }).optional(),
  afterPack: z.custom<(context: unknown) => Promise<void>>((value) => typeof value === 'function', 'afterPack is the fuse hook (build/afterPack.cjs)'),
  npmRebuild: z.literal(false),
  win: z.object({
    target: z.tuple([z.object({ target: z.literal('nsis'), arch: z.tuple([z.literal('x64')]) })], {
      message: 'Windows: one NSIS installer for x64',
    }),
  }),
  nsis: z.object({
    oneClick: z.literal(false, { message: 'the assisted installer, so the start-at-login page can be shown' }),
    perMachine: z.literal(true, { message: 'per-machine: one kiosk for every user of the station PC' }),
    include: z.literal('build/installer.nsh', { message: 'the NSIS include that offers start at login' }),
  }),
  linux: z.object({
    target: z
      .array(z.object({ target: z.enum(['deb', 'AppImage']), arch: bothArches }))
      .refine(
        (targets) => targets.length === 2 && new Set(targets.map((entry) => entry.target)).size === 2,
        'Linux: a deb and an AppImage, each for x64 and arm64',
      ),
    // dpkg refuses a package without a maintainer.
    maintainer: z.string().regex(/<[^@\s]+@[^>\s]+>/, 'deb needs a maintainer with an e-mail address'),
  }),
  deb: z.object({
    fpm: z
      .array(z.string())
      .refine(
        (mappings) => LINUX_AUTOSTART_FILES.every((target) => mappings.some((mapping) => mapping.endsWith(`=${target}`))),
        'the deb installs the start-at-login files (systemd user unit, its starter, the XDG autostart entry)',
      )
      .refine(
        (mappings) => LINUX_UPDATE_FILES.every((target) => mappings.some((mapping) => mapping.endsWith(`=${target}`))),
        'the deb installs the update helper and its polkit action',
      ),
    // The update helper runs through pkexec; without it a deb kiosk could never update itself.
    depends: z.array(z.string()).refine((depends) => depends.some((entry) => /(^|\|)\s*pkexec\b/.test(entry)), 'the deb depends on pkexec'),
  }),
});

export type KioskBuilderPolicy = z.infer<typeof kioskBuilderPolicySchema>;

/** Parses the config (unknown: it is a CommonJS file loaded at run time) against the kiosk's rules. */
export function checkKioskBuilderConfig(config: unknown): { ok: true } | { ok: false; problems: string[] } {
  const parsed = kioskBuilderPolicySchema.safeParse(config);
  if (parsed.success) return { ok: true };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`) };
}

/**
 * The most app.asar may weigh (bytes). Measured at 2,785,066 bytes (2.66 MiB, 77 files) when set (issue 6, docs/benchmarks.md);
 * the budget leaves room to grow but catches a dependency tree or a data file slipping in, which
 * would add tens of megabytes to every download over a village link.
 */
export const ASAR_SIZE_BUDGET_BYTES = 6 * 1024 * 1024;
