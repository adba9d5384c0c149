import { ZodError } from 'zod';
import { AgentError } from '../../db/repositories/agents';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A refused agent operation in the administrator's words. */
export function agentErrorText(error: unknown, t: Translate): string {
  if (error instanceof AgentError) {
    if (error.code === 'LAST_ADMIN') return t('agent.admin.lastAdmin');
    if (error.code === 'DUPLICATE_NAME') return t('agent.admin.duplicateName');
    if (error.code === 'NOT_ADMIN') return t('agent.admin.notAdmin');
  }
  if (error instanceof ZodError) return t('agent.admin.failed', { message: error.issues.map((issue) => issue.message).join('; ') });
  return t('agent.admin.failed', { message: error instanceof Error ? error.message : String(error) });
}
