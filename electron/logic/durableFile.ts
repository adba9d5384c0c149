import { open } from 'node:fs/promises';

/**
 * Writes the text and flushes it to the disk before closing: the step before a rename that
 * replaces a settings or state file, so a power cut after the rename never leaves an empty file.
 */
export async function writeFileAndSync(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
