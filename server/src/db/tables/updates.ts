/** A published update file (services/updates); its bytes are `<id>.update` in the updates folder. */
export interface UpdatesTable {
  /** 24 hex digits (updateIdSchema). */
  id: string;
  version: string;
  /** 'win32' | 'linux', checked when read. */
  platform: string;
  /** 'x64' | 'arm64' */
  arch: string;
  /** 'nsis' | 'deb' | 'appimage' */
  format: string;
  /** The name it had in the published folder, offered to the kiosk as the download's name. */
  file_name: string;
  /** bigint on PostgreSQL: read with Number(). */
  size_bytes: number | string;
  /** Lower-case hex of the stored bytes, computed while copying them in. */
  sha256: string;
  min_version: string | null;
  published_at: string;
}

export interface UpdateTables {
  updates: UpdatesTable;
}
