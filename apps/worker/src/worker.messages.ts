/** Messages of the sample worker's bootstrap. */
export const WorkerMessages = {
  ready: (name: string): string => `worker ${name} ready; SIGTERM or SIGINT stops it`,
};
