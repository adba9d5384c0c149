/**
 * The demo-only agents file's name, kept free of zod so the kiosk's entry bundle can name it
 * without loading the agent schemas (see renderer/src/stores/agentSession.ts).
 */
export const DEMO_AGENTS_FILE = 'demo-agents.json';
