/** Every message of @acb/common, as small functions. */
export const CommonMessages = {
  missingPeer: (name: string, usedBy: string, cause: string) =>
    `${usedBy} needs the npm package "${name}", which is not installed: run \`npm install ${name}\` (${cause})`,
  invalidSeconds: (where: string, value: unknown) =>
    `${where} must be a number of seconds (>= 0, finite), got ${JSON.stringify(value) ?? String(value)}`,
  invalidMaxRetries: (where: string, value: unknown) =>
    `${where}: maxRetries must be an integer >= 0 (retries after the first attempt), got ${String(value)}`,
};
