/** Every error message of @acb/testing. */
export const TestingMessages = {
  missingSystem: (helper: string, system: string, option: string): string =>
    `${helper}: ${system} is not part of this application; enable it with AcbTestingModule.forRoot({ ${option}: true }) ` +
    `or import it yourself`,
  unknownMockCategory: (category: string, valid: readonly string[]): string =>
    `AcbTestingModule: cannot mock unknown adapter category "${category}"; valid: ${valid.join(', ')}`,
  missingMock: (category: string): string =>
    `AcbTestingModule.forRootAsync: "${category}" is listed in mocked but the options factory returned no mocks.${category}`,
  drainDidNotSettle: (maxTasks: number): string =>
    `drainQueues: the queues were not empty after ${maxTasks} task runs (a task or handler that keeps ` +
    `re-enqueuing?); pass { maxTasks } to allow more`,
} as const;
