import { ApiMessages } from './api.messages';

/** The port to listen on: `PORT` from the environment when set, else `app.port` from the settings. */
export function listenPort(envPort: string | undefined, settingsPort: number): number {
  if (envPort === undefined || envPort.trim() === '') return settingsPort;
  const port = Number(envPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(ApiMessages.invalidPort(envPort));
  return port;
}
