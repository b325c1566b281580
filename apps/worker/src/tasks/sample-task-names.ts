/**
 * Names of the sample tasks this worker runs. A producer without the handlers (the sample API) declares them as
 * remote tasks: `AcbQueuesModule.forRoot({ remoteTasks: Object.values(SAMPLE_TASKS) })`.
 */
export const SAMPLE_TASKS = {
  sendEmail: 'send_email',
  processOrder: 'process_order',
  sendReminder: 'send_reminder',
  generateReport: 'generate_report',
} as const;
