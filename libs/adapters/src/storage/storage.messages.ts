/** Every error and log message of the storage category, in one place. */
export const STORAGE_MESSAGES = {
  refusedPath: (path: string, reason: string) => `Storage path ${JSON.stringify(path)} is refused: ${reason}`,
  notString: () => 'it is not a string',
  empty: () => 'it is empty',
  nul: () => 'it contains a NUL byte',
  backslash: () => "it contains a backslash (only '/' separates folders)",
  absolute: () => 'it is absolute (paths are relative to the storage root)',
  drive: () => 'it starts with a drive letter (paths are relative to the storage root)',
  escapes: () => "its '..' segments leave the storage root",
  root: () => 'it names the storage root, not a file',
  reserved: (prefix: string) => `names starting with '${prefix}' are reserved for atomic writes`,
  symlinkOutside: () => 'it resolves outside the storage root through a symbolic link',
  parentIsFile: (parent: string) => `its parent folder '${parent}' is a file`,
  isFolder: () => 'it is a folder that holds other files',
  notFound: (path: string) => `Storage file ${JSON.stringify(path)} does not exist`,
  rootUnusable: (root: string, cause: string) => `Storage root '${root}' is not a usable folder: ${cause}`,
} as const;
