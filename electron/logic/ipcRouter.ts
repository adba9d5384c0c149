import {
  IPC_ERROR_CODES,
  describeIssues,
  fail,
  kioskContract,
  messageOf,
  ok,
  type IpcResult,
  type KioskMethodName,
  type RequestOf,
  type ResponseOf,
} from '../../shared/ipc/contract';
import { isAppUrl } from './appOrigin';

/**
 * Main-process side of every IPC method: check who is calling, parse the request as `unknown` with
 * the contract's schema, run the handler, check its answer against the response schema, and turn
 * every outcome (including a throw) into an IpcResult. Nothing here imports electron; main passes in
 * the facts about the sender and a context object (the sender's webContents).
 */

/** Thrown by a handler to answer with a specific error code instead of INTERNAL. */
export class KioskIpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KioskIpcError';
  }
}

export interface IpcSender {
  /** event.senderFrame?.url — null when the frame is already gone. */
  frameUrl: string | null;
  /** Whether the sending frame is the window's main frame (no iframe may use the bridge). */
  isMainFrame: boolean;
}

export type KioskHandlers<C> = {
  [M in KioskMethodName]: (request: RequestOf<M>, context: C) => Promise<ResponseOf<M>> | ResponseOf<M>;
};

export interface IpcRouterOptions {
  /** Receives bugs (handler threw, bad response); a rejected request is the caller's problem, not logged. */
  logError?: (message: string, error: unknown) => void;
}

export interface IpcRouter<C> {
  dispatch(method: KioskMethodName, sender: IpcSender, args: readonly unknown[], context: C): Promise<IpcResult<unknown>>;
}

export function isTrustedSender(sender: IpcSender): boolean {
  return sender.isMainFrame && isAppUrl(sender.frameUrl);
}

export function createIpcRouter<C>(handlers: KioskHandlers<C>, options: IpcRouterOptions = {}): IpcRouter<C> {
  return {
    async dispatch(method, sender, args, context) {
      if (!isTrustedSender(sender)) {
        return fail(IPC_ERROR_CODES.forbiddenSender, 'the kiosk bridge only answers the kiosk page');
      }
      // Every method takes at most one argument; extra ones mean a caller that is not our bridge.
      if (args.length > 1) {
        return fail(IPC_ERROR_CODES.invalidArgument, `${method} takes at most one argument, got ${args.length}`);
      }
      const contract = kioskContract[method];
      const parsed = contract.request.safeParse(args[0]);
      if (!parsed.success) return fail(IPC_ERROR_CODES.invalidArgument, describeIssues(parsed.error));

      let value: unknown;
      try {
        // The cast is sound: `parsed.data` was produced by this method's own request schema.
        const handler = handlers[method] as (request: unknown, context: C) => unknown;
        value = await handler(parsed.data, context);
      } catch (error) {
        if (error instanceof KioskIpcError) return fail(error.code, error.message);
        options.logError?.(`ipc ${method}: handler failed`, error);
        return fail(IPC_ERROR_CODES.internal, `${method} failed: ${messageOf(error)}`);
      }

      const checked = contract.response.safeParse(value);
      if (!checked.success) {
        options.logError?.(`ipc ${method}: handler answered outside the contract`, checked.error);
        return fail(IPC_ERROR_CODES.internal, `${method} produced an invalid response`);
      }
      return ok(checked.data);
    },
  };
}
