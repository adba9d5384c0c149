import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ZodError } from 'zod';
import { loadConfig, resolveDatabaseTarget } from '../config';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { describeZodError } from '../plugins/errorHandler';
import { VillageExistsError } from '../repositories/villages';
import { CountyWriteError } from '../services/countyWriteError';
import { UnknownVillageError } from '../services/enrollment';
import { DemoImportError } from '../services/importDemo';
import {
  DeviceNotFoundError,
  deviceEnrollCode,
  deviceList,
  deviceRevoke,
  villageAdd,
  villageList,
  type CommandOptions,
} from './commands';
import { caseTransition, changesCompact, epochBump, feedbackAnswer } from './countyCommands';
import { importDemoCommand } from './importDemo';
import { FundImportRefusedError, importFundsCommand } from './importFunds';
import { publishUpdateCommand } from './publishUpdate';
import { UpdatePublishError } from '../services/updates/publishUpdate';
import { resolveUpdateDir } from '../services/updates/updateStore';
import { serve } from './serve';
import { PasswordInputError } from './passwordInput';
import { userAdd, userDisable, userList, userPassword } from './userCommands';
import { StaffNameTakenError } from '../repositories/staffUsers';
import { StaffUserNotFoundError } from '../services/staffAccounts';
import { USAGE, UsageError } from './usage';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type DatabaseCommand = (db: Parameters<typeof villageAdd>[0], options: CommandOptions) => Promise<void>;

const text = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;

const COMMANDS: Record<string, { options: Options; positionals: number; run: DatabaseCommand }> = {
  'village add': { options: { code: text, name: text, township: text, groups: text, json: flag }, positionals: 0, run: villageAdd },
  'village list': { options: { json: flag }, positionals: 0, run: villageList },
  'device enroll-code': { options: { village: text, ttl: text, json: flag }, positionals: 0, run: deviceEnrollCode },
  'device list': { options: { json: flag }, positionals: 0, run: deviceList },
  'device revoke': { options: {}, positionals: 1, run: deviceRevoke },
  'case transition': { options: { receipt: text, to: text, reason: text, by: text, json: flag }, positionals: 0, run: caseTransition },
  'feedback answer': { options: { ticket: text, text, by: text, json: flag }, positionals: 0, run: feedbackAnswer },
  'epoch bump': { options: {}, positionals: 0, run: epochBump },
  'changes compact': { options: { json: flag }, positionals: 0, run: changesCompact },
  'user add': { options: { name: text, role: text, json: flag }, positionals: 0, run: userAdd },
  'user list': { options: { json: flag }, positionals: 0, run: userList },
  'user disable': { options: {}, positionals: 1, run: userDisable },
  'user password': { options: { name: text }, positionals: 0, run: userPassword },
};

const KNOWN_FAILURES = [VillageExistsError, UnknownVillageError, DeviceNotFoundError, DemoImportError, CountyWriteError, FundImportRefusedError, RangeError, StaffNameTakenError, StaffUserNotFoundError, PasswordInputError, UpdatePublishError];

interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

function parse(argv: string[], options: Options): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, db: text }, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function stringFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

async function dispatch(argv: string[], io: CliIo): Promise<void> {
  const [group, action] = argv;
  if (group === undefined || group === '--help' || group === 'help') {
    io.out(USAGE);
    return;
  }
  if (group === 'serve') {
    const { values, positionals } = parse(argv.slice(1), { port: text, host: text });
    if (positionals.length > 0) throw new UsageError(`serve takes no arguments (got ${positionals.join(' ')})`);
    const flags = { port: stringFlag(values.port), host: stringFlag(values.host), db: stringFlag(values.db) };
    await serve(loadConfig(flags, io.env), io);
    return;
  }
  if (group === 'import-demo') {
    const { values, positionals } = parse(argv.slice(1), {});
    const [dir] = positionals;
    if (dir === undefined || positionals.length !== 1) throw new UsageError(`import-demo takes 1 argument (the demo folder), got ${positionals.length}`);
    const openDb = async () => {
      const handle = openDatabase(resolveDatabaseTarget(stringFlag(values.db), io.env));
      try {
        await migrateToLatest(handle);
      } catch (error) {
        await handle.close();
        throw error;
      }
      return handle;
    };
    await importDemoCommand(dir, openDb, io.out);
    return;
  }
  if (group === 'import-funds') {
    const { values, positionals } = parse(argv.slice(1), { 'dry-run': flag, program: text, json: flag });
    const [file] = positionals;
    if (file === undefined || positionals.length !== 1) throw new UsageError(`import-funds takes 1 argument (the file), got ${positionals.length}`);
    const openDb = async () => {
      const handle = openDatabase(resolveDatabaseTarget(stringFlag(values.db), io.env));
      try {
        await migrateToLatest(handle);
      } catch (error) {
        await handle.close();
        throw error;
      }
      return handle;
    };
    const options = { file, dryRun: values['dry-run'] === true, programId: stringFlag(values.program), json: values.json === true };
    await importFundsCommand(options, openDb, io.out);
    return;
  }
  if (group === 'publish-update') {
    const { values, positionals } = parse(argv.slice(1), { version: text, 'min-version': text, json: flag });
    const [dir] = positionals;
    if (dir === undefined || positionals.length !== 1) throw new UsageError(`publish-update takes 1 argument (the folder of installers), got ${positionals.length}`);
    const target = resolveDatabaseTarget(stringFlag(values.db), io.env);
    const openDb = async () => {
      const handle = openDatabase(target);
      try {
        await migrateToLatest(handle);
      } catch (error) {
        await handle.close();
        throw error;
      }
      return handle;
    };
    const options = { dir, version: stringFlag(values.version), minVersion: stringFlag(values['min-version']), updateDir: resolveUpdateDir(target, io.env.UPDATE_DIR || undefined), json: values.json === true };
    await publishUpdateCommand(options, openDb, io.out);
    return;
  }
  const name = `${group} ${action ?? ''}`;
  const command = COMMANDS[name];
  if (command === undefined) throw new UsageError(`unknown command: ${name.trim()}`);
  const { values, positionals } = parse(argv.slice(2), command.options);
  if (positionals.length !== command.positionals) {
    throw new UsageError(`${name} takes ${command.positionals} argument(s), got ${positionals.length}`);
  }
  const handle = openDatabase(resolveDatabaseTarget(stringFlag(values.db), io.env));
  try {
    await migrateToLatest(handle);
    await command.run(handle.db, { values, positionals, out: io.out });
  } finally {
    await handle.close();
  }
}

/** Runs one command; returns the exit status (0 ok, 1 failed, 2 bad command line). Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await dispatch(argv, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`county: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ZodError) {
      io.err(`county: ${describeZodError(error)}`);
      return 1;
    }
    if (KNOWN_FAILURES.some((type) => error instanceof type)) {
      io.err(`county: ${(error as Error).message}`);
      return 1;
    }
    io.err(`county: failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
