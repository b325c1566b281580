export { EventRecorder, type WaitForEventsOptions } from './event-recorder';
